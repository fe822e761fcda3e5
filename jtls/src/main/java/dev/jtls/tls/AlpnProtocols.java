package dev.jtls.tls;

import dev.jtls.events.NodeError;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** ALPN protocol lists in their wire form ({@code [len][name]...}), as Node's convertALPNProtocols makes them. */
final class AlpnProtocols {
  private AlpnProtocols() {}

  /**
   * The wire form of an {@code ALPNProtocols} option: a List of Strings (UTF-8) or byte arrays, or
   * one byte array already in wire form (copied). Null stays null.
   */
  static byte[] wire(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof byte[] bytes) {
      return bytes.clone();
    }
    if (!(value instanceof List<?> list)) {
      throw NodeError.invalidArgType("options.ALPNProtocols",
          "an instance of Array, Buffer, TypedArray, or DataView", value);
    }
    byte[][] names = new byte[list.size()][];
    int total = 0;
    for (int i = 0; i < names.length; i++) {
      names[i] = switch (list.get(i)) {
        case String s -> s.getBytes(StandardCharsets.UTF_8);
        case byte[] b -> b;
        case null, default -> throw NodeError.invalidArgType("options.ALPNProtocols[" + i + "]",
            "of type string or an instance of Buffer", list.get(i));
      };
      if (names[i].length > 255) {
        throw new NodeError("ERR_OUT_OF_RANGE", "The byte length of the protocol at index " + i
            + " exceeds the maximum length. It must be <= 255. Received " + names[i].length);
      }
      total += 1 + names[i].length;
    }
    byte[] wire = new byte[total];
    int at = 0;
    for (byte[] name : names) {
      wire[at++] = (byte) name.length;
      System.arraycopy(name, 0, wire, at, name.length);
      at += name.length;
    }
    return wire;
  }

  /**
   * OpenSSL's SSL_select_next_proto, which Node uses: the first of the server's protocols that the
   * client offered wins. Returns the offset of that entry's length byte in {@code offered}, or -1.
   */
  static int select(byte[] server, byte[] offered) {
    for (int s = 0; s < server.length; s += 1 + (server[s] & 0xff)) {
      int sLength = server[s] & 0xff;
      for (int c = 0; c < offered.length; c += 1 + (offered[c] & 0xff)) {
        int cLength = offered[c] & 0xff;
        if (cLength == sLength && c + 1 + cLength <= offered.length && s + 1 + sLength <= server.length
            && Arrays.equals(server, s + 1, s + 1 + sLength, offered, c + 1, c + 1 + cLength)) {
          return c;
        }
      }
    }
    return -1;
  }
}

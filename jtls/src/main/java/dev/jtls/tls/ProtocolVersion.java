package dev.jtls.tls;

import dev.jtls.events.NodeError;
import dev.jtls.internal.openssl.SslCtx;

/** Node's TLS protocol version names ({@code 'TLSv1'} .. {@code 'TLSv1.3'}) and their OpenSSL numbers. */
final class ProtocolVersion {
  private ProtocolVersion() {}

  /**
   * The OpenSSL version number of a name, or Node's {@code ERR_TLS_INVALID_PROTOCOL_VERSION} naming
   * {@code which} ({@code "minimum"} or {@code "maximum"}) bound.
   */
  static int parse(String which, Object name) {
    if (name instanceof String s) {
      switch (s) {
        case "TLSv1": return SslCtx.TLS1_VERSION;
        case "TLSv1.1": return SslCtx.TLS1_1_VERSION;
        case "TLSv1.2": return SslCtx.TLS1_2_VERSION;
        case "TLSv1.3": return SslCtx.TLS1_3_VERSION;
        default: break;
      }
    }
    throw new NodeError("ERR_TLS_INVALID_PROTOCOL_VERSION", json(name) + " is not a valid " + which
        + " TLS protocol version");
  }

  /** The value as Node's {@code %j} format prints it (JSON). */
  private static String json(Object value) {
    if (value == null || value instanceof Number || value instanceof Boolean) {
      return String.valueOf(value);
    }
    String s = value.toString();
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}

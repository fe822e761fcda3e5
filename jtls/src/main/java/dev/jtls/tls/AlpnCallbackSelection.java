package dev.jtls.tls;

import dev.jtls.events.NodeError;
import dev.jtls.internal.openssl.SslCallbacks;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** One server connection's ALPN choice made by the user's {@link AlpnCallback}, as Node's callALPNCallback makes it. */
final class AlpnCallbackSelection {
  private AlpnCallbackSelection() {}

  /**
   * Asks {@code callback} to choose among {@code offered} (ALPN wire form); returns the offset of
   * the chosen entry, or {@link SslCallbacks#ALPN_NO_OVERLAP} to refuse the handshake, handing
   * {@code failure} the error the connection then fails with when the callback's answer was not
   * one of the offered protocols or the callback threw.
   */
  static int select(AlpnCallback callback, String servername, byte[] offered, Consumer<RuntimeException> failure) {
    List<String> names = new ArrayList<>();
    List<Integer> offsets = new ArrayList<>();
    for (int at = 0; at < offered.length; at += 1 + (offered[at] & 0xFF)) {
      int length = offered[at] & 0xFF;
      if (at + 1 + length > offered.length) {
        break;
      }
      names.add(new String(offered, at + 1, length, StandardCharsets.ISO_8859_1));
      offsets.add(at);
    }
    String chosen;
    try {
      chosen = callback.select(new AlpnCallback.Request(servername, List.copyOf(names)));
    } catch (RuntimeException e) {
      failure.accept(e);
      return SslCallbacks.ALPN_NO_OVERLAP;
    }
    if (chosen == null) {
      return SslCallbacks.ALPN_NO_OVERLAP;
    }
    int index = names.indexOf(chosen);
    if (index < 0) {
      failure.accept(new NodeError("ERR_TLS_ALPN_CALLBACK_INVALID_RESULT", "ALPN callback returned a value ("
          + chosen + ") that did not match any of the client's offered protocols (" + String.join(", ", names) + ")"));
      return SslCallbacks.ALPN_NO_OVERLAP;
    }
    return offsets.get(index);
  }
}

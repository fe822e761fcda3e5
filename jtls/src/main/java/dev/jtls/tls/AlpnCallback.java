package dev.jtls.tls;

import java.util.List;

/**
 * Node's server option {@code ALPNCallback}: chooses the application protocol of a connection from
 * those the client offers. Called on the server's loop during the handshake with the client's
 * server name (or null) and protocols; returns one of the offered protocols, or null to refuse the
 * connection with a fatal {@code no_application_protocol} alert. Returning a protocol the client
 * did not offer fails the connection with {@code ERR_TLS_ALPN_CALLBACK_INVALID_RESULT}.
 */
@FunctionalInterface
public interface AlpnCallback {
  String select(Request request);

  /** Node's {@code {servername, protocols}} argument. */
  record Request(String servername, List<String> protocols) {}
}

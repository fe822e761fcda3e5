package dev.jtls.tls;

/**
 * Node's server option {@code pskCallback(socket, identity)} (TLS-PSK, see Node's "Pre-shared keys"):
 * called on the server's loop during the handshake with the identity the client named; returns the
 * pre-shared key for it (at most 512 bytes with OpenSSL 3.0), or null to stop the handshake with an
 * {@code unknown_psk_identity} alert. A server that wants to hide that an identity is unknown
 * returns random bytes instead, so the handshake fails with {@code decrypt_error}. Synchronous, as
 * in Node: OpenSSL's PSK callback cannot wait.
 */
@FunctionalInterface
public interface PskServerCallback {
  byte[] psk(TlsSocket socket, String identity);
}

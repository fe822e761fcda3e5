package dev.jtls.tls;

/**
 * Node's client option {@code pskCallback(hint)} (TLS-PSK, see Node's "Pre-shared keys"): called on
 * the socket's loop during the handshake with the server's identity hint (null when it sent none,
 * and always in TLSv1.3); returns the identity and pre-shared key to use, or null to give none (the
 * handshake then fails). Synchronous, as in Node.
 */
@FunctionalInterface
public interface PskClientCallback {
  Identity psk(String hint);

  /**
   * Node's {@code {psk, identity}}: the key (at most 512 bytes with OpenSSL 3.0) and the identity (at most 256 bytes
   * of UTF-8) the client names.
   */
  record Identity(byte[] psk, String identity) {}
}

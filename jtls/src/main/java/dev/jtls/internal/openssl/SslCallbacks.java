package dev.jtls.internal.openssl;

/**
 * What OpenSSL's per-connection callbacks tell the Java object that owns an SSL. One
 * implementation per connection is attached with {@link SslOwners#attach}; the process-wide upcall
 * stubs in {@link Upcalls} find it through the SSL's ex_data slot and call it on the thread that
 * is inside the SSL call (the connection's loop). Implementations must not free the SSL from these
 * methods: they record what happened and act once the SSL call has returned.
 */
public interface SslCallbacks {
  /** {@link #selectAlpn} result: this end has no ALPN protocols, so the extension is not acknowledged. */
  int ALPN_NOT_CONFIGURED = -2;
  /** {@link #selectAlpn} result: no protocol in common, so the handshake fails (Node's rule). */
  int ALPN_NO_OVERLAP = -1;

  /** A key log line (NSS SSLKEYLOGFILE format, without the newline). */
  void keylog(String line);

  /**
   * A server chooses among the client's ALPN protocols: {@code offered} is their wire form
   * ({@code [len][name]...}); returns the offset of the chosen entry's length byte, or one of the
   * {@code ALPN_*} results.
   */
  default int selectAlpn(byte[] offered) {
    return ALPN_NOT_CONFIGURED;
  }

  /**
   * A server is about to choose its certificate (OpenSSL's cert callback): return 1 to go on, or
   * -1 to pause the handshake (SSL_do_handshake then reports WANT_X509_LOOKUP) until the owner has
   * what it waited for (an SNICallback's context) and drives the handshake again.
   */
  default int certificateNeeded() {
    return 1;
  }

  /** A handshake starts (OpenSSL's SSL_CB_HANDSHAKE_START): the first one, or a TLSv1.2 renegotiation. */
  default void handshakeStarted() {}

  /** A handshake completed (SSL_CB_HANDSHAKE_DONE with no renegotiation still pending). */
  default void handshakeDone() {}
}

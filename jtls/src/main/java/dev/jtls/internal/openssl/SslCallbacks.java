package dev.jtls.internal.openssl;

import java.lang.foreign.MemorySegment;

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

  /** Whether {@link #keylog} is wanted: a context logs keys for all its connections once one listens, so the line is not even copied for owners nobody listens to. */
  default boolean wantsKeylog() {
    return true;
  }

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

  /** {@link #clientHello} result: go on with the handshake. */
  int CLIENT_HELLO_SUCCESS = 1;
  /** {@link #clientHello} result: pause (SSL_ERROR_WANT_CLIENT_HELLO_CB); the callback runs again on the next call. */
  int CLIENT_HELLO_RETRY = -1;

  /**
   * A server received a ClientHello offering {@code sessionId} (empty for none) and, when
   * {@code offersTicket}, a TLSv1.2 ticket: return {@link #CLIENT_HELLO_RETRY} to pause while the
   * session is looked up, else {@link #CLIENT_HELLO_SUCCESS}.
   */
  default int clientHello(byte[] sessionId, boolean offersTicket) {
    return CLIENT_HELLO_SUCCESS;
  }

  /** Whether {@link #clientHello} is wanted; reading the ClientHello costs, so only owners that may pause pay for it. */
  default boolean watchesClientHello() {
    return false;
  }

  /**
   * OpenSSL looks up the session with {@code sessionId} to resume: the SSL_SESSION* (which the
   * owner keeps and frees; OpenSSL takes its own reference), or NULL for a full handshake.
   */
  default MemorySegment sessionToResume(byte[] sessionId) {
    return MemorySegment.NULL;
  }

  /** Whether {@link #newSession} is wanted: serializing every session costs, so only listeners pay for it. */
  default boolean recordsSessions() {
    return false;
  }

  /**
   * The SSL_CTX whose ticket keys seal and open this connection's tickets: the one the connection
   * was made from, where OpenSSL looks for the ticket callback, even after SNI switched the SSL to
   * another context; NULL for the SSL's current one.
   */
  default MemorySegment ticketContext() {
    return MemorySegment.NULL;
  }

  /** OpenSSL made a session for this connection: its ID (empty for a client's TLSv1.3 ticket) and DER form. */
  default void newSession(byte[] id, byte[] der) {}

  /** A PSK client's answer: its identity (at most the length OpenSSL allows, without NUL) and the key. */
  record PskAnswer(byte[] identity, byte[] psk) {}

  /**
   * A PSK server: the key for {@code identity}, at most {@code maxPskLength} bytes, or null to
   * refuse it (the handshake then fails).
   */
  default byte[] pskForIdentity(String identity, int maxPskLength) {
    return null;
  }

  /**
   * A PSK client: its identity and key given the server's {@code hint} (null when none, always in
   * TLSv1.3), within the lengths OpenSSL allows, or null to give none (the handshake then fails).
   */
  default PskAnswer pskForHint(String hint, int maxIdentityLength, int maxPskLength) {
    return null;
  }
}

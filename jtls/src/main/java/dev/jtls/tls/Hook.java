package dev.jtls.tls;

/**
 * A question a handshake pauses on until user code answers it (see {@link HandshakeDriver}). Only
 * the SNICallback exists so far; OCSPRequest, resumeSession, newSession and the client's pending
 * 'session' are designed to take the same slot (docs/ARCHITECTURE.md).
 */
enum Hook {
  /** The server's cert callback answered -1: the SNICallback picks the context. */
  SNI,
  /**
   * The server's client-hello callback asked to retry: the 'resumeSession' listener looks up the
   * session ID the client offered.
   */
  RESUME_SESSION,
  /**
   * A server made a session and 'newSession' stores it: the handshake goes on, but the
   * connection's outgoing data waits until the listener's callback is called.
   */
  NEW_SESSION
}

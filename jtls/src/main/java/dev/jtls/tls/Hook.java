package dev.jtls.tls;

/**
 * A question a handshake pauses on until user code answers it (see {@link HandshakeDriver}). Only
 * the SNICallback exists so far; OCSPRequest, resumeSession, newSession and the client's pending
 * 'session' are designed to take the same slot (docs/ARCHITECTURE.md).
 */
enum Hook {
  /** The server's cert callback answered -1: the SNICallback picks the context. */
  SNI
}

package dev.jtls.tls;

import java.util.List;

/**
 * What one call into {@link TlsEngine} ended with, and what OpenSSL's callbacks recorded while it
 * ran (key log lines so far; new sessions and OCSP answers are to be recorded the same way).
 * {@code hook} is set only for {@link Kind#PAUSED}.
 */
record EngineStep(Kind kind, Hook hook, List<byte[]> keylog) {
  enum Kind {
    /** OpenSSL waits for more ciphertext from the peer. */
    NEEDS_INPUT,
    /** A callback paused the handshake for {@link #hook()}; the driver resumes it once answered. */
    PAUSED,
    /** The handshake is complete. */
    DONE,
    /** The peer closed (close_notify), or the engine was closed. */
    CLOSED
  }
}

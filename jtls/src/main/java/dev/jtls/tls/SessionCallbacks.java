package dev.jtls.tls;

import dev.jtls.internal.openssl.TicketKeys;
import java.lang.foreign.MemorySegment;

/**
 * The session-resumption callbacks of a context that every connection needs, installed once when
 * the context is made: the ticket keys. The callbacks that report sessions to their owner (the
 * client's 'session' event, the server's 'newSession' and 'resumeSession') are set on a context
 * only once a connection of it listens (TlsEngine), as each costs an upcall per handshake.
 */
final class SessionCallbacks {
  private SessionCallbacks() {}

  /** Installs the callbacks on a new {@code SSL_CTX}, before any connection is made from it. */
  static void install(MemorySegment ctx, ContextOptionsBase<?> options) {
    TicketKeys.install(ctx);
  }
}

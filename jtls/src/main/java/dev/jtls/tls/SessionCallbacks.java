package dev.jtls.tls;

import dev.jtls.internal.openssl.SslSession;
import dev.jtls.internal.openssl.TicketKeys;
import java.lang.foreign.MemorySegment;

/**
 * The session-resumption callbacks of a context, installed once when the context is made: every
 * connection's sessions reach its owner (the client's 'session' event, the server's
 * 'newSession'), which records them during the SSL call and acts after it returned.
 */
final class SessionCallbacks {
  private SessionCallbacks() {}

  /** Installs the callbacks on a new {@code SSL_CTX}, before any connection is made from it. */
  static void install(MemorySegment ctx, ContextOptionsBase<?> options) {
    SslSession.installNewSessionCallback(ctx);
    SslSession.installServerCallbacks(ctx);
    TicketKeys.install(ctx);
  }
}

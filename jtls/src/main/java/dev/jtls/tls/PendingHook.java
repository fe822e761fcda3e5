package dev.jtls.tls;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one question a handshake waits on (see {@link HandshakeDriver}). User code answers it once,
 * from any thread; {@link #claim()} tells the first answer from a repeated one.
 */
final class PendingHook {
  final Hook hook;
  private final AtomicBoolean answered = new AtomicBoolean();

  PendingHook(Hook hook) {
    this.hook = hook;
  }

  /** True for the first answer only. */
  boolean claim() {
    return answered.compareAndSet(false, true);
  }
}

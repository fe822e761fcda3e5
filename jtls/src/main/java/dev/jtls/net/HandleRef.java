package dev.jtls.net;

/**
 * Whether a handle (a socket, a server) keeps its loop alive: while it is active and not unref'd,
 * as libuv's handles keep Node's process alive. A server is active while it listens; a socket
 * while it connects, reads or has a write in progress, not merely while it is open (an idle,
 * paused or read-to-EOF socket keeps nothing alive, as in Node). Loop thread only.
 */
final class HandleRef {
  private final EventLoop loop;
  private boolean active;
  private boolean referenced = true;
  private boolean counted;

  HandleRef(EventLoop loop) {
    this.loop = loop;
  }

  /** The handle opened (true) or closed (false). */
  void active(boolean value) {
    active = value;
    update();
  }

  /** Node's {@code ref()} (true) and {@code unref()} (false). */
  void referenced(boolean value) {
    referenced = value;
    update();
  }

  private void update() {
    boolean hold = active && referenced;
    if (hold != counted) {
      counted = hold;
      if (hold) {
        loop.ref();
      } else {
        loop.unref();
      }
    }
  }
}

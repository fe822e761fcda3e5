package dev.jtls.net;

/**
 * A timer from {@link EventLoop#setTimeout} or {@link EventLoop#setInterval}, like Node's
 * Timeout object. Its methods may be called from any thread; they take effect on the loop.
 */
public final class Timer implements Comparable<Timer> {
  private final EventLoop loop;
  /**
   * Null once cancelled: a cancelled timer stays in the loop's heap until its deadline (a socket's
   * 120 s handshake timer, say), and its task must not keep what it captured (the socket) alive.
   */
  private Runnable task;
  private final long delayNanos;
  private final boolean repeat;
  /** Loop-thread state: when it is due, and what the heap ordering was computed from. */
  long deadline;
  long heapDeadline;
  long seq;
  boolean inHeap;
  boolean active;
  private boolean referenced = true;
  private boolean cancelled;

  Timer(EventLoop loop, Runnable task, long delayMillis, boolean repeat) {
    this.loop = loop;
    this.task = task;
    this.delayNanos = delayMillis * 1_000_000L;
    this.repeat = repeat;
  }

  void start() {
    if (cancelled || active) {
      return;
    }
    active = true;
    deadline = System.nanoTime() + delayNanos;
    if (referenced) {
      loop.timerRefChanged(1);
    }
    loop.arm(this);
  }

  void fire() {
    if (repeat) {
      deadline = System.nanoTime() + delayNanos;
      loop.arm(this);
    } else {
      deactivate();
    }
    task.run();
  }

  /** Node's {@code clearTimeout}: the task will not run (again). */
  public void cancel() {
    loop.run(() -> {
      cancelled = true;
      task = null;
      deactivate();
    });
  }

  /** Node's {@code timeout.refresh()}: restarts the countdown from now, reusing this timer. */
  public Timer refresh() {
    // sockets refresh their timeout on every read and write: on the loop, do it without a task
    if (loop.inLoop()) {
      restart();
    } else {
      loop.execute(this::restart);
    }
    return this;
  }

  private void restart() {
    if (cancelled) {
      return;
    }
    if (active) {
      deadline = System.nanoTime() + delayNanos;
    } else {
      start();
    }
  }

  /** Lets the loop exit while this timer is pending (Node's {@code timeout.unref()}). */
  public Timer unref() {
    loop.run(() -> setReferenced(false));
    return this;
  }

  /** Undoes {@link #unref()}. */
  public Timer ref() {
    loop.run(() -> setReferenced(true));
    return this;
  }

  /** Whether this timer keeps its loop alive. */
  public boolean hasRef() {
    return referenced;
  }

  private void setReferenced(boolean value) {
    if (referenced != value && active) {
      loop.timerRefChanged(value ? 1 : -1);
    }
    referenced = value;
  }

  private void deactivate() {
    if (active && referenced) {
      loop.timerRefChanged(-1);
    }
    active = false;
  }

  @Override
  public int compareTo(Timer other) {
    int c = Long.compare(heapDeadline - other.heapDeadline, 0);
    return c != 0 ? c : Long.compare(seq, other.seq);
  }
}

package dev.jtls.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One thread running an NIO selector, a task queue, timers and a next-tick queue: the Java
 * counterpart of Node's event loop. Every socket and server belongs to exactly one loop and all
 * its callbacks run on that loop's thread.
 *
 * <p>Like Node's process, a loop stays alive while it holds referenced handles (listening servers,
 * open sockets, referenced timers) or pending tasks, and its thread ends when none remain; it
 * starts again when new work is submitted. The thread is not a daemon, so a program's
 * {@code main} may return after {@code server.listen(...)} and the server keeps serving.
 */
public final class EventLoop {
  private static final Object DEFAULT_LOCK = new Object();
  private static volatile EventLoop defaultLoop;
  private static volatile Consumer<Throwable> uncaughtErrorHandler = EventLoop::printUncaught;

  private final String name;
  private final Selector selector;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final ArrayDeque<Runnable> ticks = new ArrayDeque<>();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private final AtomicBoolean selecting = new AtomicBoolean();
  private final Object lifecycle = new Object();
  private final Map<Object, Object> locals = new HashMap<>();
  private volatile Thread thread;
  private boolean running;
  private int refs;
  private int refTimers;
  private long timerSeq;

  private EventLoop(String name) {
    this.name = name;
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a selector for event loop " + name, e);
    }
  }

  /** A new loop; its thread starts when the first task is submitted. */
  public static EventLoop create(String name) {
    return new EventLoop(Objects.requireNonNull(name, "name"));
  }

  /** The process-wide loop that sockets and servers use unless told otherwise. */
  public static EventLoop defaultLoop() {
    EventLoop loop = defaultLoop;
    if (loop == null) {
      synchronized (DEFAULT_LOCK) {
        loop = defaultLoop;
        if (loop == null) {
          loop = defaultLoop = create("jtls-loop");
        }
      }
    }
    return loop;
  }

  /** The loop whose thread is the calling thread, or {@code null}. */
  public static EventLoop current() {
    return Thread.currentThread() instanceof LoopThread t ? t.loop : null;
  }

  /**
   * Sets what happens to an error thrown by a callback on any loop (including an {@code 'error'}
   * event emitted with no listener). The default prints it to stderr and keeps the loop running,
   * so one failing connection does not take the others down.
   */
  public static void setUncaughtErrorHandler(Consumer<Throwable> handler) {
    uncaughtErrorHandler = Objects.requireNonNull(handler, "handler");
  }

  /** The loop's name, also its thread's name. */
  public String name() {
    return name;
  }

  /** Whether the calling thread is this loop's thread. */
  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  /** Runs {@code task} on the loop thread soon; any thread may call this. */
  public void execute(Runnable task) {
    Objects.requireNonNull(task, "task");
    tasks.add(task);
    if (inLoop()) {
      return;
    }
    synchronized (lifecycle) {
      if (!running) {
        running = true;
        Thread t = new LoopThread(this);
        thread = t;
        t.start();
        return;
      }
    }
    if (selecting.compareAndSet(true, false)) {
      selector.wakeup();
    }
  }

  /** Runs {@code task} now if on the loop thread, otherwise on the loop soon. */
  public void run(Runnable task) {
    if (inLoop()) {
      task.run();
    } else {
      execute(task);
    }
  }

  /**
   * Node's {@code process.nextTick}: runs {@code task} on the loop after the current callback and
   * before any I/O or timer. From another thread it behaves like {@link #execute}.
   */
  public void nextTick(Runnable task) {
    if (inLoop()) {
      ticks.add(Objects.requireNonNull(task, "task"));
    } else {
      execute(task);
    }
  }

  /** Node's {@code setTimeout}: runs {@code task} once after {@code delayMillis} (at least 1). */
  public Timer setTimeout(Runnable task, long delayMillis) {
    return schedule(task, delayMillis, false);
  }

  /** Node's {@code setInterval}. */
  public Timer setInterval(Runnable task, long delayMillis) {
    return schedule(task, delayMillis, true);
  }

  /**
   * Loop-scoped state shared by everything on this loop (a reusable buffer, a scratch native
   * segment), created on first use. Call only on the loop thread.
   */
  @SuppressWarnings("unchecked")
  public <T> T local(Object key, Supplier<T> create) {
    assertInLoop();
    return (T) locals.computeIfAbsent(key, k -> create.get());
  }

  /** Counts a referenced handle that keeps the loop (and so the JVM) alive. Loop thread only. */
  void ref() {
    refs++;
  }

  /** Releases a handle counted by {@link #ref()}. Loop thread only. */
  void unref() {
    refs--;
  }

  /** Registers a channel with this loop's selector. Loop thread only. */
  SelectionKey register(SelectableChannel channel, int ops, IoHandler handler) throws ClosedChannelException {
    assertInLoop();
    return channel.register(selector, ops, handler);
  }

  /**
   * Has the selector deregister cancelled keys soon (in a task of its own, before the next wait),
   * so the descriptors of channels closed now are really released: a closed listening socket then
   * refuses new connections at once, as Node's does.
   */
  void releaseClosedChannels() {
    execute(this::selectNow);
  }

  void assertInLoop() {
    if (!inLoop()) {
      throw new IllegalStateException("must run on event loop " + name + ", not on " + Thread.currentThread().getName());
    }
  }

  /** Called for a selected key; the attachment of every key this loop registers. */
  interface IoHandler {
    void ready(SelectionKey key);
  }

  private Timer schedule(Runnable task, long delayMillis, boolean repeat) {
    Objects.requireNonNull(task, "task");
    Timer timer = new Timer(this, task, Math.max(1, delayMillis), repeat);
    run(() -> timer.start());
    return timer;
  }

  void arm(Timer timer) {
    if (!timer.inHeap) {
      timer.heapDeadline = timer.deadline;
      timer.seq = timerSeq++;
      timer.inHeap = true;
      timers.add(timer);
    }
  }

  void timerRefChanged(int delta) {
    refTimers += delta;
  }

  private void loop() {
    while (true) {
      runTasks();
      runTimers();
      if (idle()) {
        // a channel closed in this turn keeps its descriptor until the selector deregisters its
        // key: do that now, or a socket closed just before the thread ends would stay open
        selectNow();
        synchronized (lifecycle) {
          if (idle()) {
            running = false;
            thread = null;
            return;
          }
        }
        continue;
      }
      select();
    }
  }

  private boolean idle() {
    return refs <= 0 && refTimers <= 0 && ticks.isEmpty() && tasks.isEmpty();
  }

  private void selectNow() {
    try {
      selector.selectNow(this::dispatch);
    } catch (IOException e) {
      report(e);
    }
  }

  private void select() {
    long timeoutMillis = 0;
    Timer next = timers.peek();
    if (next != null) {
      timeoutMillis = Math.max(1, (next.heapDeadline - System.nanoTime() + 999_999) / 1_000_000);
    }
    try {
      selecting.set(true);
      if (!tasks.isEmpty()) {
        selector.selectNow(this::dispatch);
      } else {
        selector.select(this::dispatch, timeoutMillis);
      }
    } catch (IOException e) {
      report(e);
    } finally {
      selecting.set(false);
    }
  }

  private void dispatch(SelectionKey key) {
    if (!key.isValid()) {
      return;
    }
    try {
      ((IoHandler) key.attachment()).ready(key);
    } catch (Throwable t) {
      report(t);
    }
    runTicks();
  }

  private void runTasks() {
    runTicks();
    Runnable task;
    while ((task = tasks.poll()) != null) {
      try {
        task.run();
      } catch (Throwable t) {
        report(t);
      }
      runTicks();
    }
  }

  private void runTicks() {
    Runnable tick;
    while ((tick = ticks.poll()) != null) {
      try {
        tick.run();
      } catch (Throwable t) {
        report(t);
      }
    }
  }

  private void runTimers() {
    long now = System.nanoTime();
    Timer timer;
    while ((timer = timers.peek()) != null && timer.heapDeadline - now <= 0) {
      timers.poll();
      timer.inHeap = false;
      if (!timer.active) {
        continue;
      }
      if (timer.deadline - now > 0) {
        arm(timer); // refreshed since it was queued
        continue;
      }
      try {
        timer.fire();
      } catch (Throwable t) {
        report(t);
      }
      runTicks();
    }
  }

  /** Hands an error thrown by a callback to the uncaught-error handler. */
  static void report(Throwable error) {
    try {
      uncaughtErrorHandler.accept(error);
    } catch (Throwable handlerFailure) {
      handlerFailure.addSuppressed(error);
      printUncaught(handlerFailure);
    }
  }

  private static void printUncaught(Throwable error) {
    System.err.println("jtls: uncaught error on " + Thread.currentThread().getName() + ":");
    error.printStackTrace();
  }

  private static final class LoopThread extends Thread {
    final EventLoop loop;

    LoopThread(EventLoop loop) {
      super(loop.name);
      this.loop = loop;
      setDaemon(false);
    }

    @Override
    public void run() {
      loop.loop();
    }
  }
}

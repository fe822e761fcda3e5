package dev.jtls.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.jtls.net.EventLoop;
import dev.jtls.net.NetServer;
import dev.jtls.stream.Duplex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One Node test program run on its own event loop, the way {@code node test-x.js} runs: the program
 * is started in one loop task, and the run is over when the loop has nothing left and its thread
 * ends (Node's process exit). Then, as Node's {@code common} module does at exit, every
 * {@link #mustCall} counter is checked; an error thrown by a callback on the loop (Node's uncaught
 * exception) fails the run.
 */
public final class NodeRun {
  /** Node's test/fixtures/keys files the ported tests use. */
  public static final Path FIXTURES = Path.of("src/test/resources/node-fixtures");

  private static final long EXIT_WAIT_MILLIS = 15_000;
  private static final Map<EventLoop, NodeRun> RUNS = new ConcurrentHashMap<>();

  private final EventLoop loop;
  private final List<Counter> counters = new CopyOnWriteArrayList<>();
  private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
  private volatile Thread thread;

  private NodeRun(String name) {
    this.loop = EventLoop.create(name);
  }

  /** Runs {@code program} on a new loop, waits for the loop to drain, then checks what Node checks at exit. */
  public static void run(String name, Consumer<NodeRun> program) {
    NodeRun run = new NodeRun(name);
    RUNS.put(run.loop, run);
    EventLoop.setUncaughtErrorHandler(NodeRun::route);
    try {
      run.loop.execute(() -> {
        run.thread = Thread.currentThread();
        program.accept(run);
      });
      run.awaitExit();
    } finally {
      RUNS.remove(run.loop);
    }
  }

  private static void route(Throwable error) {
    EventLoop current = EventLoop.current();
    NodeRun run = current == null ? null : RUNS.get(current);
    if (run != null) {
      run.record(error);
    } else {
      error.printStackTrace();
    }
  }

  private void awaitExit() {
    long deadline = System.currentTimeMillis() + EXIT_WAIT_MILLIS;
    while (thread == null && System.currentTimeMillis() < deadline) {
      Thread.onSpinWait();
    }
    try {
      Thread t = thread;
      if (t != null) {
        // an uncaught error ends a Node process at once: stop waiting for the loop then
        while (t.isAlive() && uncaught.isEmpty() && System.currentTimeMillis() < deadline) {
          t.join(20);
        }
        if (t.isAlive() && uncaught.isEmpty()) {
          failWithUncaught("the loop did not drain (a Node process would not have exited); " + counts());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    if (!uncaught.isEmpty()) {
      failWithUncaught("uncaught error on the loop");
    }
    List<String> wrong = new ArrayList<>();
    for (Counter c : counters) {
      if (!c.satisfied()) {
        wrong.add(c.describe());
      }
    }
    if (!wrong.isEmpty()) {
      fail("mustCall counts differ from Node's: " + wrong);
    }
  }

  private void failWithUncaught(String message) {
    List<String> errors = new ArrayList<>();
    uncaught.forEach(e -> errors.add(String.valueOf(e)));
    AssertionError error = new AssertionError(message + (errors.isEmpty() ? "" : ": " + errors),
        uncaught.isEmpty() ? null : uncaught.get(0));
    uncaught.stream().skip(1).forEach(error::addSuppressed);
    throw error;
  }

  private String counts() {
    List<String> all = new ArrayList<>();
    counters.forEach(c -> all.add(c.describe()));
    return "calls " + all;
  }

  /** The program's loop: every socket and server of the run lives on it. */
  public EventLoop loop() {
    return loop;
  }

  /** Node's {@code common.mustCall(fn)}: {@code fn} must run exactly once before exit. */
  public Runnable mustCall(Runnable fn) {
    return mustCall(1, fn);
  }

  /** Node's {@code common.mustCall(fn, n)}. */
  public Runnable mustCall(int times, Runnable fn) {
    Counter c = counter(times, false);
    return () -> {
      c.calls.incrementAndGet();
      guarded(fn);
    };
  }

  /** Node's {@code common.mustCall()} with no function. */
  public Runnable mustCall() {
    return mustCall(1, () -> {});
  }

  public <T> Consumer<T> mustCall(Consumer<T> fn) {
    return mustCall(1, fn);
  }

  public <T> Consumer<T> mustCall(int times, Consumer<T> fn) {
    Counter c = counter(times, false);
    return value -> {
      c.calls.incrementAndGet();
      guarded(() -> fn.accept(value));
    };
  }

  public <T, U> BiConsumer<T, U> mustCall(BiConsumer<T, U> fn) {
    Counter c = counter(1, false);
    return (a, b) -> {
      c.calls.incrementAndGet();
      guarded(() -> fn.accept(a, b));
    };
  }

  /** Node's {@code common.mustCallAtLeast(fn, n)}. */
  public Runnable mustCallAtLeast(int times, Runnable fn) {
    Counter c = counter(times, true);
    return () -> {
      c.calls.incrementAndGet();
      guarded(fn);
    };
  }

  public <T> Consumer<T> mustCallAtLeast(int times, Consumer<T> fn) {
    Counter c = counter(times, true);
    return value -> {
      c.calls.incrementAndGet();
      guarded(() -> fn.accept(value));
    };
  }

  /** Node's {@code common.mustNotCall()}: fails the run when called. */
  public <T> Consumer<T> mustNotCall(String what) {
    return value -> {
      AssertionError e = new AssertionError("mustNotCall: " + what + " called with " + value);
      record(e);
      throw e;
    };
  }

  public Runnable mustNotCallRunnable(String what) {
    return () -> {
      AssertionError e = new AssertionError("mustNotCall: " + what + " called");
      record(e);
      throw e;
    };
  }

  /**
   * Runs a callback, recording what it throws before it propagates: an emitter that goes on to
   * emit 'close' from a finally block would otherwise replace the error with a later one.
   */
  private void guarded(Runnable fn) {
    try {
      fn.run();
    } catch (RuntimeException | Error e) {
      record(e);
      throw e;
    }
  }

  /** Like {@link #guarded} for callbacks not wrapped in mustCall. */
  public Runnable guard(Runnable fn) {
    return () -> guarded(fn);
  }

  public <T> Consumer<T> guard(Consumer<T> fn) {
    return value -> guarded(() -> fn.accept(value));
  }

  private void record(Throwable error) {
    if (uncaught.stream().noneMatch(e -> e == error)) {
      uncaught.add(error);
    }
  }

  private Counter counter(int times, boolean atLeast) {
    StackTraceElement site = StackWalker.getInstance()
        .walk(s -> s.filter(f -> !f.getClassName().equals(NodeRun.class.getName())).findFirst())
        .map(StackWalker.StackFrame::toStackTraceElement)
        .orElse(null);
    Counter c = new Counter(times, atLeast, String.valueOf(site));
    counters.add(c);
    return c;
  }

  /**
   * Node property {@code name} of {@code target}, read through its Java accessor by name: for the
   * properties the library does not have yet, so the ported test compiles and fails until it has.
   */
  public static Object property(Object target, String name) {
    try {
      return target.getClass().getMethod(name).invoke(target);
    } catch (NoSuchMethodException e) {
      throw new AssertionError(target.getClass().getSimpleName() + " has no " + name + "()", e);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Node's test/common/duplexpair: two Duplex ends on {@code loop}, what is written to one read
   * from the other.
   */
  public static Duplex[] duplexPair(EventLoop loop) {
    PairEnd a = new PairEnd(loop);
    PairEnd b = new PairEnd(loop);
    a.other = b;
    b.other = a;
    return new Duplex[] {a, b};
  }

  private static final class PairEnd extends Duplex {
    private PairEnd other;

    PairEnd(EventLoop loop) {
      super(loop, false);
    }

    @Override
    protected void _write(byte[] chunk, Consumer<Throwable> done) {
      other.push(chunk);
      done.accept(null);
    }

    @Override
    protected void _final(Consumer<Throwable> done) {
      other.pushEnd();
      done.accept(null);
    }
  }

  /**
   * Closes a server that never listened, from outside any loop, and waits for its 'close'. Node
   * leaves such a server to the garbage collector; jtls frees the server's SSL_CTX at 'close', and
   * the native-leak check of every test class wants it freed by the end.
   */
  public static <S extends NetServer> S release(S server) {
    CompletableFuture<Void> closed = new CompletableFuture<>();
    server.loop().execute(() -> {
      server.once(NetServer.CLOSE, () -> closed.complete(null));
      server.close(e -> {});
    });
    try {
      closed.get(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("server did not close", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return server;
  }

  /** A file of Node's test/fixtures/keys, as Node's {@code fixtures.readKey(name)}. */
  public static byte[] readKey(String name) {
    try {
      return Files.readAllBytes(FIXTURES.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #readKey} as text. */
  public static String readKeyText(String name) {
    return new String(readKey(name), StandardCharsets.UTF_8);
  }

  private record Counter(int expected, boolean atLeast, String site, AtomicInteger calls) {
    Counter(int expected, boolean atLeast, String site) {
      this(expected, atLeast, site, new AtomicInteger());
    }

    boolean satisfied() {
      return atLeast ? calls.get() >= expected : calls.get() == expected;
    }

    String describe() {
      return site + ": " + calls.get() + (atLeast ? " (at least " : " (expected ") + expected + ")";
    }
  }
}

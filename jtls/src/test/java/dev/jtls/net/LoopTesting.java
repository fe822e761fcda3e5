package dev.jtls.net;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs test code on an event loop and waits for results, with a timeout instead of sleeps. */
public final class LoopTesting {
  /** Long enough for a loaded 2-core machine, short enough that a hang fails the test. */
  public static final long TIMEOUT_SECONDS = 20;

  private LoopTesting() {}

  /** Runs {@code action} on {@code loop} and returns its result (or throws what it threw). */
  public static <T> T call(EventLoop loop, Callable<T> action) {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.execute(() -> {
      try {
        result.complete(action.call());
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    });
    return await(result);
  }

  /** Runs {@code action} on {@code loop} and waits until it has run. */
  public static void run(EventLoop loop, Runnable action) {
    call(loop, () -> {
      action.run();
      return null;
    });
  }

  /** The value of {@code future}, failing the test if it does not complete in time. */
  public static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new AssertionError(e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("timed out after " + TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}

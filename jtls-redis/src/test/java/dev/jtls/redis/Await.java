package dev.jtls.redis;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/** Test helpers that wait for asynchronous answers, failing after a generous deadline rather than hanging. */
final class Await {
  private static final long DEADLINE_SECONDS = 15;

  private Await() {}

  static void until(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  /** What a {@code resumeSession} callback got. */
  record Resumed(Throwable err, byte[] sessionData) {}

  static Resumed resume(RedisSessionStore store, byte[] id) throws Exception {
    CompletableFuture<Resumed> answer = new CompletableFuture<>();
    BiConsumer<Throwable, byte[]> callback = (err, data) -> {
      if (!answer.complete(new Resumed(err, data))) {
        throw new AssertionError("resumeSession callback called twice");
      }
    };
    store.resumeSession(id, callback);
    return answer.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  static void store(RedisSessionStore store, byte[] id, byte[] data) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    store.newSession(id, data, () -> {
      if (!done.complete(null)) {
        throw new AssertionError("newSession callback called twice");
      }
    });
    done.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
  }
}

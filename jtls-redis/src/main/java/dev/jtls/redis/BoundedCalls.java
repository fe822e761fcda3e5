package dev.jtls.redis;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Redis commands with two bounds: at most {@code maxInFlight} unanswered at once, and an answer to the caller
 * within the call's {@code wait} whatever Redis does. A slot is held until Redis (or Lettuce's command timeout) settles
 * the command, not merely until the caller was answered, so a slow Redis cannot collect more than
 * {@code maxInFlight} commands. A late answer is dropped.
 */
final class BoundedCalls {
  /** How a call ended, as far as its caller is concerned. */
  enum Outcome { ANSWERED, FAILED, LATE, REFUSED }

  /** What the caller gets: the outcome and, when answered, Redis's reply. */
  record Result<T>(Outcome outcome, T value) {}

  private final RedisConnection redis;
  private final int maxInFlight;
  private final AtomicInteger inFlight = new AtomicInteger();

  BoundedCalls(RedisConnection redis, int maxInFlight) {
    this.redis = redis;
    this.maxInFlight = maxInFlight;
  }

  /**
   * Sends {@code command} unless Redis is not connected or too many commands are unanswered, in which case
   * the result is REFUSED at once (on the calling thread). Otherwise the result comes on a Redis client
   * thread or a timer thread, exactly once.
   */
  <T> CompletableFuture<Result<T>> call(Duration wait,
      Function<RedisClusterAsyncCommands<byte[], byte[]>, CompletionStage<T>> command) {
    RedisClusterAsyncCommands<byte[], byte[]> commands = redis.commands();
    if (commands == null || !acquire()) {
      return CompletableFuture.completedFuture(new Result<>(Outcome.REFUSED, null));
    }
    CompletableFuture<Result<T>> result = new CompletableFuture<>();
    CompletionStage<T> sent;
    try {
      sent = command.apply(commands);
    } catch (RuntimeException e) {
      inFlight.decrementAndGet();
      return CompletableFuture.completedFuture(new Result<>(Outcome.FAILED, null));
    }
    sent.whenComplete((value, err) -> {
      inFlight.decrementAndGet();
      result.complete(err == null ? new Result<>(Outcome.ANSWERED, value) : new Result<>(Outcome.FAILED, null));
    });
    return result.completeOnTimeout(new Result<>(Outcome.LATE, null), wait.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Commands sent and not yet settled by Redis. */
  int inFlight() {
    return inFlight.get();
  }

  private boolean acquire() {
    while (true) {
      int n = inFlight.get();
      if (n >= maxInFlight) {
        return false;
      }
      if (inFlight.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }
}

package dev.jtls.redis;

import dev.jtls.events.NodeError;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * A session cache shared by every server of a fleet, in Redis: the store behind a {@code TlsServer}'s
 * {@code 'newSession'} and {@code 'resumeSession'} events, whose arguments its two methods take.
 *
 * <p>Nothing here blocks. Each method sends one Redis command and returns; its callback runs once, on a Redis
 * client thread or a timer thread, when Redis answered or the configured wait ran out, whichever comes first.
 * Nothing Redis does becomes an error for the TLS client: a missing, unusable, slow or unreachable entry is a
 * full handshake ({@code callback(null, null)}), and a write that failed only means that session will not
 * resume elsewhere. While Redis is away, callbacks run at once on the calling thread.
 */
public final class RedisSessionStore {
  private static final System.Logger LOG = System.getLogger(RedisSessionStore.class.getName());

  private final SessionEntries entries;
  private final BoundedCalls calls;
  private final Duration resumeWait;
  private final Duration storeWait;
  private final LongAdder resumed = new LongAdder();
  private final LongAdder notFound = new LongAdder();
  private final LongAdder unusable = new LongAdder();
  private final LongAdder lookupFailed = new LongAdder();
  private final LongAdder lookupLate = new LongAdder();
  private final LongAdder lookupRefused = new LongAdder();
  private final LongAdder stored = new LongAdder();
  private final LongAdder storeFailed = new LongAdder();
  private final LongAdder storeLate = new LongAdder();
  private final LongAdder storeRefused = new LongAdder();

  /** A store on {@code redis}, which it shares and does not close. */
  public RedisSessionStore(RedisConnection redis, SessionStoreOptions options) {
    if (redis == null) {
      throw NodeError.invalidArgType("redis", "an instance of RedisConnection", null);
    }
    if (options == null) {
      throw NodeError.invalidArgType("options", "an instance of SessionStoreOptions", null);
    }
    this.entries = new SessionEntries(options);
    this.calls = new BoundedCalls(redis, options.maxInFlight());
    this.resumeWait = options.resumeWait();
    this.storeWait = options.storeWait();
  }

  /**
   * Node's {@code 'newSession'}: seals {@code sessionData} and writes it under {@code sessionId} with the
   * {@code sessionTimeout} as TTL. {@code done} runs once the write is confirmed, failed, refused or not
   * confirmed within {@code storeWait}.
   */
  public void newSession(byte[] sessionId, byte[] sessionData, Runnable done) {
    checkBytes("sessionId", sessionId);
    checkBytes("sessionData", sessionData);
    if (done == null) {
      throw NodeError.invalidArgType("callback", "of type function", null);
    }
    byte[] key = entries.key(sessionId);
    byte[] value = entries.seal(sessionId, sessionData, System.currentTimeMillis());
    SetArgs ttl = SetArgs.Builder.px(entries.timeoutMillis());
    calls.<String>call(storeWait, redis -> redis.set(key, value, ttl)).thenAccept(result -> {
      switch (result.outcome()) {
        case ANSWERED -> stored.increment();
        case FAILED -> storeFailed.increment();
        case LATE -> storeLate.increment();
        case REFUSED -> storeRefused.increment();
      }
      run(done);
    });
  }

  /**
   * Node's {@code 'resumeSession'}: looks {@code sessionId} up and calls {@code callback(null, sessionData)}
   * when a usable entry is there, else {@code callback(null, null)} (a full handshake). Never passes an error.
   */
  public void resumeSession(byte[] sessionId, BiConsumer<Throwable, byte[]> callback) {
    checkBytes("sessionId", sessionId);
    if (callback == null) {
      throw NodeError.invalidArgType("callback", "of type function", null);
    }
    byte[] id = sessionId.clone();
    calls.<byte[]>call(resumeWait, redis -> redis.get(entries.key(id))).thenAccept(result -> {
      byte[] data = switch (result.outcome()) {
        case ANSWERED -> opened(id, result.value());
        case FAILED -> count(lookupFailed);
        case LATE -> count(lookupLate);
        case REFUSED -> count(lookupRefused);
      };
      answer(callback, data);
    });
  }

  /** The counters now. */
  public SessionStoreMetrics metrics() {
    return new SessionStoreMetrics(resumed.sum(), notFound.sum(), unusable.sum(), lookupFailed.sum(),
        lookupLate.sum(), lookupRefused.sum(), stored.sum(), storeFailed.sum(), storeLate.sum(), storeRefused.sum(),
        calls.inFlight());
  }

  private byte[] opened(byte[] sessionId, byte[] value) {
    if (value == null) {
      return count(notFound);
    }
    byte[] data = entries.open(sessionId, value, System.currentTimeMillis());
    if (data == null) {
      return count(unusable);
    }
    resumed.increment();
    return data;
  }

  private static byte[] count(LongAdder counter) {
    counter.increment();
    return null;
  }

  // A callback that throws must not break the Redis client's thread, nor be retried: it is logged and dropped.
  private static void answer(BiConsumer<Throwable, byte[]> callback, byte[] data) {
    try {
      callback.accept(null, data);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "resumeSession callback threw", e);
    }
  }

  private static void run(Runnable done) {
    try {
      done.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "newSession callback threw", e);
    }
  }

  private static void checkBytes(String name, byte[] value) {
    if (value == null) {
      throw NodeError.invalidArgType(name, "an instance of Buffer", null);
    }
  }
}

package dev.jtls.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Redis killed, frozen or absent: every callback still comes, once, with a full handshake; no exception
 * escapes; the commands waiting on Redis never exceed the cap; the store works again once Redis is back.
 */
class RedisOutageTest {
  static final int MAX_IN_FLIGHT = 8;

  static SessionStoreOptions options() {
    return SessionStoreOptions.sealingKey("k1", new byte[32]).maxInFlight(MAX_IN_FLIGHT)
        .resumeWait(Duration.ofMillis(50)).storeWait(Duration.ofMillis(50));
  }

  /** Fires {@code n} lookups and {@code n} writes and checks every callback came once, with no session. */
  static void burst(RedisSessionStore store, int n) throws InterruptedException {
    CountDownLatch answered = new CountDownLatch(2 * n);
    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    AtomicInteger maxSeenInFlight = new AtomicInteger();
    for (int i = 0; i < n; i++) {
      byte[] id = RedisSessionStoreTest.random(32);
      store.resumeSession(id, (err, data) -> {
        if (err != null || data != null) {
          wrong.add("resumeSession answered " + err + ", " + Arrays.toString(data));
        }
        answered.countDown();
      });
      store.newSession(id, RedisSessionStoreTest.random(100), answered::countDown);
      maxSeenInFlight.accumulateAndGet(store.metrics().inFlight(), Math::max);
    }
    assertTrue(answered.await(15, TimeUnit.SECONDS), answered.getCount() + " callbacks never came");
    assertEquals(java.util.List.of(), java.util.List.copyOf(wrong));
    assertTrue(maxSeenInFlight.get() <= MAX_IN_FLIGHT, "in flight " + maxSeenInFlight.get());
    SessionStoreMetrics m = store.metrics();
    assertTrue(m.resumed() + m.notFound() + m.unusable() + m.lookupFailed() + m.lookupLate() + m.lookupRefused()
        >= n, m.toString());
  }

  static void awaitWorking(RedisSessionStore store) throws InterruptedException {
    byte[] id = RedisSessionStoreTest.random(32);
    byte[] data = RedisSessionStoreTest.random(64);
    Await.until("the store resumes again", () -> {
      try {
        Await.store(store, id, data);
        return Arrays.equals(data, Await.resume(store, id).sessionData());
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void killedThenRestartedRedisGivesFullHandshakesThenResumesAgain() throws Exception {
    try (RedisProcess redis = RedisProcess.start();
        RedisConnection connection = RedisConnection.open(RedisEndpoint.of(redis.uri()))) {
      RedisSessionStore store = new RedisSessionStore(connection, options());
      awaitWorking(store);
      redis.kill();
      burst(store, 2000);
      assertTrue(store.metrics().lookupRefused() + store.metrics().lookupFailed() > 0, store.metrics().toString());
      redis.restart();
      awaitWorking(store);
      // Flapping: down and up twice more, with traffic all along.
      for (int i = 0; i < 2; i++) {
        redis.kill();
        burst(store, 200);
        redis.restart();
        awaitWorking(store);
      }
      Await.until("nothing left in flight", () -> store.metrics().inFlight() == 0);
    }
  }

  @Test
  void frozenRedisIsAnsweredWithinTheWaitAndHoldsAtMostTheCap() throws Exception {
    try (RedisProcess redis = RedisProcess.start();
        RedisConnection connection = RedisConnection.open(RedisEndpoint.of(redis.uri()))) {
      RedisSessionStore store = new RedisSessionStore(connection, options());
      awaitWorking(store);
      redis.pause(true);
      try {
        burst(store, 500);
        SessionStoreMetrics m = store.metrics();
        assertTrue(m.lookupLate() > 0 && m.lookupLate() <= MAX_IN_FLIGHT * 4L, m.toString());
        assertTrue(m.lookupRefused() > 0, m.toString());
      } finally {
        redis.pause(false);
      }
      awaitWorking(store);
      Await.until("nothing left in flight", () -> store.metrics().inFlight() == 0);
    }
  }

  @Test
  void redisAbsentAtStartIsFoundLater() throws Exception {
    try (RedisProcess redis = RedisProcess.start()) {
      redis.kill();
      try (RedisConnection connection = RedisConnection.open(RedisEndpoint.of(redis.uri()))) {
        RedisSessionStore store = new RedisSessionStore(connection, options());
        assertFalse(connection.isConnected());
        Await.Resumed r = Await.resume(store, RedisSessionStoreTest.random(32));
        assertNull(r.err());
        assertNull(r.sessionData());
        assertEquals(1, store.metrics().lookupRefused());
        redis.restart();
        awaitWorking(store);
        byte[] id = RedisSessionStoreTest.random(32);
        byte[] data = RedisSessionStoreTest.random(10);
        Await.store(store, id, data);
        assertArrayEquals(data, Await.resume(store, id).sessionData());
      }
    }
  }

  @Test
  void callbacksThatThrowDoNotBreakTheStore() throws Exception {
    try (RedisProcess redis = RedisProcess.start();
        RedisConnection connection = RedisConnection.open(RedisEndpoint.of(redis.uri()))) {
      RedisSessionStore store = new RedisSessionStore(connection, options().resumeWait(Duration.ofSeconds(2)));
      awaitWorking(store);
      CountDownLatch called = new CountDownLatch(2);
      store.newSession(new byte[] {1}, new byte[] {2}, () -> {
        called.countDown();
        throw new IllegalStateException("listener bug");
      });
      store.resumeSession(new byte[] {1}, (err, data) -> {
        called.countDown();
        throw new IllegalStateException("listener bug");
      });
      assertTrue(called.await(15, TimeUnit.SECONDS));
      awaitWorking(store);
    }
  }
}

package dev.jtls.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Shared ticket keys: one rotation per version, the same keys everywhere, the previous set kept. */
class RedisTicketKeysTest {
  private static final byte[] SEALING_KEY = RedisSessionStoreTest.random(32);

  private static TicketKeyOptions options(Duration rotation) {
    return TicketKeyOptions.sealingKey("t1", SEALING_KEY).rotationInterval(rotation)
        .pollInterval(Duration.ofMillis(100));
  }

  /** What Redis holds now, opened with the test's sealing key. */
  private static TicketKeyState stored(StatefulRedisConnection<byte[], byte[]> raw) {
    byte[] value = raw.sync().get("jtls:ticket-keys".getBytes(StandardCharsets.US_ASCII));
    return TicketKeyState.decode(Sealer.of("t1", SEALING_KEY), value);
  }

  private static int indexOf(List<byte[]> delivered, byte[] keys) {
    for (int i = delivered.size() - 1; i >= 0; i--) {
      if (Arrays.equals(delivered.get(i), keys)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void twoServersRotateOnceEachVersionAndDeliverTheSameKeys() throws Exception {
    RedisClient rawClient = null;
    try (RedisProcess redis = RedisProcess.start();
        RedisConnection c1 = RedisConnection.open(RedisEndpoint.of(redis.uri()));
        RedisConnection c2 = RedisConnection.open(RedisEndpoint.of(redis.uri()))) {
      rawClient = RedisClient.create(redis.uri());
      StatefulRedisConnection<byte[], byte[]> raw = rawClient.connect(ByteArrayCodec.INSTANCE);
      List<byte[]> toA = new CopyOnWriteArrayList<>();
      List<byte[]> toB = new CopyOnWriteArrayList<>();
      RedisTicketKeys a = RedisTicketKeys.start(c1, options(Duration.ofMillis(700)), toA::add);
      RedisTicketKeys b = RedisTicketKeys.start(c2, options(Duration.ofMillis(700)), toB::add);
      Await.until("three rotations", () -> a.metrics().version() >= 3 && b.metrics().version() >= 3);
      a.close();
      b.close();
      Await.until("both idle", () -> a.idle() && b.idle());

      TicketKeyState last = stored(raw);
      assertNotNull(last);
      assertEquals(last.version(), a.metrics().rotations() + b.metrics().rotations(),
          "every version made by exactly one server: " + a.metrics() + " " + b.metrics());
      for (RedisTicketKeys k : List.of(a, b)) {
        List<byte[]> delivered = k == a ? toA : toB;
        TicketKeyState seen = k.state();
        // A server closed between the winner's write and its own read may be behind.
        assertTrue(seen.version() <= last.version(), seen + " vs " + last);
        if (seen.version() == last.version()) {
          assertArrayEquals(last.current(), k.current());
          assertArrayEquals(last.previous(), k.previous());
        }
        // The previous set was delivered just before the current one: the server holds both.
        int current = indexOf(delivered, k.current());
        assertTrue(current >= 1);
        assertArrayEquals(k.previous(), delivered.get(current - 1));
        assertTrue(delivered.stream().allMatch(keys -> keys.length == 48));
      }
      // Two servers joining now (rotation not due for an hour) both get exactly what Redis holds.
      List<byte[]> toC = new CopyOnWriteArrayList<>();
      List<byte[]> toD = new CopyOnWriteArrayList<>();
      RedisTicketKeys c = RedisTicketKeys.start(c1, options(Duration.ofHours(1)), toC::add);
      RedisTicketKeys d = RedisTicketKeys.start(c2, options(Duration.ofHours(1)), toD::add);
      try {
        Await.until("both delivered", () -> toC.size() >= 2 && toD.size() >= 2);
        for (List<byte[]> delivered : List.of(toC, toD)) {
          assertEquals(2, delivered.size());
          assertArrayEquals(last.previous(), delivered.get(0));
          assertArrayEquals(last.current(), delivered.get(1));
        }
        assertEquals(0, c.metrics().rotations() + d.metrics().rotations());
      } finally {
        c.close();
        d.close();
      }
      raw.close();
    } finally {
      if (rawClient != null) {
        rawClient.shutdown();
      }
    }
  }

  @Test
  void aServerStartingLateGetsPreviousThenCurrentAndNoRotationBeforeItIsDue() throws Exception {
    try (RedisProcess redis = RedisProcess.start();
        RedisConnection c1 = RedisConnection.open(RedisEndpoint.of(redis.uri()));
        RedisConnection c2 = RedisConnection.open(RedisEndpoint.of(redis.uri()))) {
      List<byte[]> toA = new CopyOnWriteArrayList<>();
      RedisTicketKeys a = RedisTicketKeys.start(c1, options(Duration.ofMillis(300)), toA::add);
      Await.until("two versions", () -> a.metrics().version() >= 2);
      a.close();
      Await.until("idle", a::idle);
      List<byte[]> toB = new CopyOnWriteArrayList<>();
      RedisTicketKeys b = RedisTicketKeys.start(c2, options(Duration.ofHours(1)), toB::add);
      try {
        Await.until("delivered", () -> toB.size() >= 2);
        assertArrayEquals(a.previous(), toB.get(0));
        assertArrayEquals(a.current(), toB.get(1));
        assertEquals(0, b.metrics().rotations());
      } finally {
        b.close();
      }
    }
  }

  @Test
  void garbageInRedisIsReplacedAndRedisOutagesKeepTheKeysInUse() throws Exception {
    RedisClient rawClient = null;
    try (RedisProcess redis = RedisProcess.start();
        RedisConnection c = RedisConnection.open(RedisEndpoint.of(redis.uri()))) {
      rawClient = RedisClient.create(redis.uri());
      StatefulRedisConnection<byte[], byte[]> raw = rawClient.connect(ByteArrayCodec.INSTANCE);
      raw.sync().set("jtls:ticket-keys".getBytes(StandardCharsets.US_ASCII), "not keys".getBytes(StandardCharsets.US_ASCII));
      raw.close();
      List<byte[]> delivered = new CopyOnWriteArrayList<>();
      RedisTicketKeys keys = RedisTicketKeys.start(c, options(Duration.ofHours(1)), delivered::add);
      try {
        Await.until("fresh keys", () -> !delivered.isEmpty());
        assertTrue(keys.metrics().unusable() >= 1);
        assertNull(keys.previous());
        byte[] inUse = keys.current();
        redis.kill();
        Await.until("a failed check", () -> keys.metrics().failures() >= 2);
        assertArrayEquals(inUse, keys.current());
        redis.restart();
        // The restarted Redis is empty (no persistence): a server that still polls makes a new state.
        Await.until("keys again", () -> delivered.size() >= 2);
        assertEquals(1, delivered.stream().filter(k -> Arrays.equals(k, inUse)).count());
      } finally {
        keys.close();
      }
    } finally {
      if (rawClient != null) {
        rawClient.shutdown();
      }
    }
  }
}

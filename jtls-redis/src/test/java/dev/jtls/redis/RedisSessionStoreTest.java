package dev.jtls.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The session store against a real redis-server: round trips, expiry and sealing. */
class RedisSessionStoreTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static RedisProcess redis;
  private static RedisConnection connection;
  private static RedisClient rawClient;
  private static StatefulRedisConnection<byte[], byte[]> raw;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisProcess.start();
    connection = RedisConnection.open(RedisEndpoint.of(redis.uri()));
    rawClient = RedisClient.create(redis.uri());
    raw = rawClient.connect(ByteArrayCodec.INSTANCE);
    Await.until("connected", connection::isConnected);
  }

  @AfterAll
  static void stopRedis() {
    if (raw != null) {
      raw.close();
      rawClient.shutdown();
    }
    if (connection != null) {
      connection.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static SessionStoreOptions options(String keyId, byte[] key) {
    return SessionStoreOptions.sealingKey(keyId, key).sessionIdContext("app-1").resumeWait(java.time.Duration.ofSeconds(2))
        .storeWait(java.time.Duration.ofSeconds(2));
  }

  private static RedisCommands<byte[], byte[]> raw() {
    return raw.sync();
  }

  @Test
  void storedSessionResumesAndUnknownIdGivesFullHandshake() throws Exception {
    RedisSessionStore store = new RedisSessionStore(connection, options("k1", random(32)));
    byte[] id = random(32);
    byte[] data = random(1500);
    Await.store(store, id, data);
    Await.Resumed hit = Await.resume(store, id);
    assertNull(hit.err());
    assertArrayEquals(data, hit.sessionData());
    Await.Resumed miss = Await.resume(store, random(32));
    assertNull(miss.err());
    assertNull(miss.sessionData());
    SessionStoreMetrics m = store.metrics();
    assertEquals(1, m.stored());
    assertEquals(1, m.resumed());
    assertEquals(1, m.notFound());
  }

  @Test
  void entryIsSealedAndCarriesTheSessionTimeoutAsTtl() throws Exception {
    RedisSessionStore store = new RedisSessionStore(connection, options("k1", random(32)).sessionTimeout(120));
    byte[] id = random(32);
    byte[] data = "master secret inside".getBytes(StandardCharsets.US_ASCII);
    Await.store(store, id, data);
    byte[] key = ("jtls:session:" + java.util.HexFormat.of().formatHex(id)).getBytes(StandardCharsets.US_ASCII);
    byte[] stored = raw().get(key);
    assertTrue(stored != null && stored.length > data.length);
    assertEquals(-1, java.util.Collections.indexOfSubList(toList(stored), toList(data)), "stored in the clear");
    long ttl = raw().pttl(key);
    assertTrue(ttl > 100_000 && ttl <= 120_000, "TTL " + ttl);
  }

  @Test
  void entriesExpireWithTheSessionTimeoutInRedisAndInsideTheSeal() throws Exception {
    RedisSessionStore store = new RedisSessionStore(connection, options("k1", random(32)).sessionTimeout(1));
    byte[] expiresInRedis = random(32);
    byte[] lostItsTtl = random(32);
    Await.store(store, expiresInRedis, random(100));
    Await.store(store, lostItsTtl, random(100));
    // An entry whose TTL was removed (PERSIST, a restored dump) still expires: the sealed value says when.
    raw().persist(("jtls:session:" + java.util.HexFormat.of().formatHex(lostItsTtl)).getBytes(StandardCharsets.US_ASCII));
    Thread.sleep(1100);
    assertNull(Await.resume(store, expiresInRedis).sessionData());
    assertNull(Await.resume(store, lostItsTtl).sessionData());
    SessionStoreMetrics m = store.metrics();
    assertEquals(1, m.notFound());
    assertEquals(1, m.unusable());
  }

  @Test
  void garbageForeignKeysAndForeignContextsGiveFullHandshakes() throws Exception {
    byte[] key = random(32);
    RedisSessionStore store = new RedisSessionStore(connection, options("k1", key));
    RedisSessionStore otherKey = new RedisSessionStore(connection, options("k1", random(32)));
    RedisSessionStore otherContext = new RedisSessionStore(connection, options("k1", key).sessionIdContext("app-2"));
    byte[] garbage = random(32);
    raw().set(("jtls:session:" + java.util.HexFormat.of().formatHex(garbage)).getBytes(StandardCharsets.US_ASCII),
        random(200));
    byte[] empty = random(32);
    raw().set(("jtls:session:" + java.util.HexFormat.of().formatHex(empty)).getBytes(StandardCharsets.US_ASCII),
        new byte[0]);
    byte[] fromOtherKey = random(32);
    Await.store(otherKey, fromOtherKey, random(100));
    byte[] fromOtherContext = random(32);
    Await.store(otherContext, fromOtherContext, random(100));
    for (byte[] id : new byte[][] {garbage, empty, fromOtherKey, fromOtherContext}) {
      Await.Resumed r = Await.resume(store, id);
      assertNull(r.err());
      assertNull(r.sessionData());
    }
    assertEquals(4, store.metrics().unusable());
  }

  @Test
  void anEntryCopiedUnderAnotherSessionIdDoesNotOpen() throws Exception {
    RedisSessionStore store = new RedisSessionStore(connection, options("k1", random(32)));
    byte[] id = random(32);
    byte[] other = random(32);
    Await.store(store, id, random(100));
    byte[] value = raw().get(("jtls:session:" + java.util.HexFormat.of().formatHex(id)).getBytes(StandardCharsets.US_ASCII));
    raw().set(("jtls:session:" + java.util.HexFormat.of().formatHex(other)).getBytes(StandardCharsets.US_ASCII), value);
    assertNull(Await.resume(store, other).sessionData());
    assertEquals(1, store.metrics().unusable());
  }

  @Test
  void aRotatedSealingKeyStillOpensWhatTheOldKeySealed() throws Exception {
    byte[] oldKey = random(32);
    RedisSessionStore before = new RedisSessionStore(connection, options("2026-01", oldKey));
    RedisSessionStore after = new RedisSessionStore(connection, options("2026-02", random(32))
        .openingKey("2026-01", oldKey));
    RedisSessionStore withoutOld = new RedisSessionStore(connection, options("2026-02", random(32)));
    byte[] id = random(32);
    byte[] data = random(300);
    Await.store(before, id, data);
    assertArrayEquals(data, Await.resume(after, id).sessionData());
    assertNull(Await.resume(withoutOld, id).sessionData());
  }

  @Test
  void argumentsAreChecked() {
    assertEquals("ERR_INVALID_ARG_VALUE",
        assertThrows(NodeError.class, () -> SessionStoreOptions.sealingKey("k", new byte[16])).code());
    assertEquals("ERR_INVALID_ARG_TYPE",
        assertThrows(NodeError.class, () -> SessionStoreOptions.sealingKey("k", null)).code());
    assertEquals("ERR_INVALID_ARG_VALUE",
        assertThrows(NodeError.class, () -> SessionStoreOptions.sealingKey("", new byte[32])).code());
    assertEquals("ERR_OUT_OF_RANGE", assertThrows(NodeError.class,
        () -> SessionStoreOptions.sealingKey("k", new byte[32]).sessionTimeout(0)).code());
    RedisSessionStore store = new RedisSessionStore(connection, options("k", new byte[32]));
    assertEquals("ERR_INVALID_ARG_TYPE",
        assertThrows(NodeError.class, () -> store.resumeSession(null, (e, d) -> {})).code());
    assertEquals("ERR_INVALID_ARG_TYPE",
        assertThrows(NodeError.class, () -> store.newSession(new byte[1], null, () -> {})).code());
  }

  private static java.util.List<Byte> toList(byte[] b) {
    java.util.List<Byte> l = new java.util.ArrayList<>(b.length);
    for (byte x : b) {
      l.add(x);
    }
    return l;
  }
}

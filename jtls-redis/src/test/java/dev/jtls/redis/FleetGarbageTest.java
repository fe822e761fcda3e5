package dev.jtls.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.net.EventLoop;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Garbage written over the Redis keys the fleet uses — session entries and the ticket-key state: random bytes,
 * wrong lengths, values sealed under a foreign key, entries moved to another session's key. Every connection
 * still succeeds (a full handshake where the entry does not open), no exception reaches a server's threads, and
 * the servers replace a ticket-key state they cannot open while keeping the keys they had for tickets in flight.
 */
class FleetGarbageTest {
  private static final String SESSION_PREFIX = "jtls:session:";
  private static final byte[] TICKET_KEYS = "jtls:ticket-keys".getBytes(StandardCharsets.UTF_8);

  private static RedisProcess redis;
  private static Fleet fleet;
  private static RedisConnection connection;

  @BeforeAll
  static void startFleet() throws Exception {
    redis = RedisProcess.start();
    fleet = Fleet.start(redis.uri(), false);
    connection = RedisConnection.open(RedisEndpoint.of(redis.uri()));
    Await.until("connected", connection::isConnected);
  }

  @AfterAll
  static void stopFleet() {
    try (RedisProcess r = redis; RedisConnection c = connection) {
      if (fleet != null) {
        fleet.close();
      }
    }
  }

  @AfterEach
  void serversStayHealthy() {
    fleet.assertHealthy();
  }

  private static RedisClusterAsyncCommands<byte[], byte[]> redisCommands() {
    return connection.commands();
  }

  private static <T> T sync(java.util.concurrent.CompletionStage<T> command) throws Exception {
    return command.toCompletableFuture().get(Child.DEADLINE_SECONDS, TimeUnit.SECONDS);
  }

  private static void set(byte[] key, byte[] value) throws Exception {
    assertEquals("OK", sync(redisCommands().set(key, value)));
  }

  private static long unusableOnB() {
    return fleet.metric(1, "unusable");
  }

  @Test
  void garbageSessionEntriesMeanFullHandshakes() throws Exception {
    JtlsClient client = new JtlsClient(EventLoop.defaultLoop(), fleet.caFile(), "TLSv1.2", false);
    List<byte[]> sessions = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sessions.add(client.connect(fleet.port(0), null).session());
    }
    List<byte[]> keys = new ArrayList<>();
    for (byte[] key : sync(redisCommands().keys(SESSION_PREFIX + "*"))) {
      keys.add(key);
    }
    assertEquals(5, keys.size(), "one entry per session");
    byte[] fourth = sync(redisCommands().get(keys.get(3)));
    byte[] fifth = sync(redisCommands().get(keys.get(4)));
    set(keys.get(0), RedisSessionStoreTest.random(200));
    set(keys.get(1), RedisSessionStoreTest.random(3));
    RedisSessionStore foreign = new RedisSessionStore(connection,
        SessionStoreOptions.sealingKey("fleet-1", RedisSessionStoreTest.random(32))
            .sessionIdContext(FleetServer.SESSION_ID_CONTEXT).storeWait(Duration.ofSeconds(5)));
    String id = new String(keys.get(2), StandardCharsets.US_ASCII).substring(SESSION_PREFIX.length());
    Await.store(foreign, HexFormat.of().parseHex(id), RedisSessionStoreTest.random(120));
    // Each of the last two now holds the other's entry: sealed right, but for another session ID.
    set(keys.get(3), fifth);
    set(keys.get(4), fourth);

    long unusableBefore = unusableOnB();
    for (byte[] session : sessions) {
      JtlsClient.Outcome outcome = client.connect(fleet.port(1), session);
      assertFalse(outcome.reused(), "garbage never resumes");
      assertEquals("hello from B", outcome.reply());
    }
    assertEquals(unusableBefore + 5, unusableOnB(), "B found each entry and could not open it");

    // The store still works for sessions made now.
    byte[] fresh = client.connect(fleet.port(0), null).session();
    assertTrue(client.connect(fleet.port(2), fresh).reused());
  }

  /** The name of the ticket keys each server seals under, once all three agree on one that is not {@code old}. */
  private static String awaitNewKeysEverywhere(String old) throws InterruptedException {
    String[] agreed = new String[1];
    Await.until("every server on one new key set", () -> {
      Set<String> names = fleet.keyNames();
      agreed[0] = names.iterator().next();
      return names.size() == 1 && !names.contains(old);
    });
    return agreed[0];
  }

  private static byte[] storedTicketKeys() {
    try {
      return sync(redisCommands().get(TICKET_KEYS));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long keysUnusable() {
    long sum = 0;
    for (int server = 0; server < 3; server++) {
      sum += fleet.metric(server, "keysUnusable");
    }
    return sum;
  }

  @Test
  void garbageTicketKeyStateIsReplacedAndTicketsInFlightStillResume() throws Exception {
    List<byte[]> garbage = List.of(RedisSessionStoreTest.random(300), RedisSessionStoreTest.random(5), new byte[0]);
    for (String version : List.of("TLSv1.2", "TLSv1.3")) {
      JtlsClient client = new JtlsClient(EventLoop.defaultLoop(), fleet.caFile(), version, true);
      for (byte[] value : garbage) {
        String before = fleet.metrics(0).get("keyName");
        long unusableBefore = keysUnusable();
        byte[] ticket = client.connect(fleet.port(0), null).session();
        set(TICKET_KEYS, value);
        awaitNewKeysEverywhere(before);
        assertTrue(keysUnusable() > unusableBefore, "a server saw the garbage");
        for (int server = 1; server < 3; server++) {
          assertTrue(client.connect(fleet.port(server), ticket).reused(),
              "the replaced keys still open a " + version + " ticket after " + value.length + " bytes of garbage");
        }
      }
    }
  }

  @Test
  void ticketKeyStateSealedUnderAForeignKeyIsReplaced() throws Exception {
    JtlsClient client = new JtlsClient(EventLoop.defaultLoop(), fleet.caFile(), "TLSv1.3", true);
    String before = fleet.metrics(0).get("keyName");
    byte[] ticket = client.connect(fleet.port(0), null).session();
    // Another fleet's RedisTicketKeys on the same Redis key: it cannot open this fleet's state and replaces it.
    RedisTicketKeys foreign = RedisTicketKeys.start(connection,
        TicketKeyOptions.sealingKey("other-fleet", RedisSessionStoreTest.random(32)), keys -> {});
    try {
      Await.until("the foreign instance wrote its state", () -> foreign.metrics().rotations() > 0);
    } finally {
      foreign.close();
      // A check it began before closing may still write: let it end before the fleet's answer is awaited.
      Await.until("the foreign instance idle", foreign::idle);
    }
    // The fleet wrote a state of its own over the foreign one and every server uses it. Awaited as one
    // condition: while the two fleets took turns, the servers may agree for a moment on a state of theirs
    // that the foreign instance's last write had already replaced in Redis.
    Sealer sealer = Sealer.of("fleet-1", fleet.sealingKey());
    Await.until("every server on the fleet's own state in Redis", () -> {
      TicketKeyState state = TicketKeyState.decode(sealer, storedTicketKeys());
      Set<String> names = fleet.keyNames();
      return state != null && names.size() == 1 && !names.contains(before)
          && names.contains(HexFormat.of().formatHex(state.current(), 0, 16));
    });
    // The ticket's keys may have been replaced twice by now (the two fleets took turns until the foreign one
    // stopped): what is asserted is that the connection works, whether it resumed or not.
    for (int server = 1; server < 3; server++) {
      assertTrue(client.connect(fleet.port(server), ticket).reply().startsWith("hello from"));
    }
    byte[] fresh = client.connect(fleet.port(0), null).session();
    assertTrue(client.connect(fleet.port(1), fresh).reused(), "tickets resume across the fleet again");
  }
}

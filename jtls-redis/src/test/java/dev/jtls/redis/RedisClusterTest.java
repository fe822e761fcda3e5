package dev.jtls.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A 3-node Redis Cluster on loopback (no replicas): sessions spread over the nodes, ticket keys shared. */
class RedisClusterTest {
  private static RedisCluster cluster;
  private static List<RedisProcess> nodes;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = RedisCluster.start();
    nodes = cluster.nodes();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static String cli(RedisProcess node, String... args) {
    return RedisCluster.cli(node, args);
  }

  private static RedisEndpoint endpoint() {
    return RedisEndpoint.cluster("redis://127.0.0.1:" + nodes.get(0).port());
  }

  @Test
  void sessionsSpreadOverTheNodesAndResumeFromAnyServer() throws Exception {
    try (RedisConnection a = RedisConnection.open(endpoint()); RedisConnection b = RedisConnection.open(endpoint())) {
      SessionStoreOptions options = SessionStoreOptions.sealingKey("k1", new byte[32]).sessionIdContext("fleet")
          .resumeWait(Duration.ofSeconds(2)).storeWait(Duration.ofSeconds(2));
      RedisSessionStore onA = new RedisSessionStore(a, options);
      RedisSessionStore onB = new RedisSessionStore(b, options);
      Await.until("connected", () -> a.isConnected() && b.isConnected());
      List<byte[]> ids = new ArrayList<>();
      List<byte[]> data = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        ids.add(RedisSessionStoreTest.random(32));
        data.add(RedisSessionStoreTest.random(200));
        Await.store(onA, ids.get(i), data.get(i));
      }
      for (int i = 0; i < 60; i++) {
        assertArrayEquals(data.get(i), Await.resume(onB, ids.get(i)).sessionData(), i + " " + onA.metrics() + " " + onB.metrics());
      }
      assertEquals(60, onA.metrics().stored());
      assertEquals(60, onB.metrics().resumed());
      for (RedisProcess n : nodes) {
        int keys = Integer.parseInt(cli(n, "dbsize").trim());
        assertTrue(keys > 0, "node " + n.port() + " holds no session");
      }
    }
  }

  @Test
  void aKilledNodeCostsBoundedFullHandshakesUntilItIsBack() throws Exception {
    try (RedisConnection connection = RedisConnection.open(endpoint())) {
      RedisSessionStore store = new RedisSessionStore(connection, RedisOutageTest.options());
      RedisOutageTest.awaitWorking(store);
      RedisProcess node = nodes.get(2);
      node.kill();
      try {
        RedisOutageTest.burst(store, 300);
      } finally {
        // Same port, same nodes.conf: the node rejoins with its slots.
        node.restart();
      }
      cluster.awaitOk();
      // Sessions resume again (ten random IDs, spread over the slots).
      for (int i = 0; i < 10; i++) {
        RedisOutageTest.awaitWorking(store);
      }
      Await.until("nothing left in flight", () -> store.metrics().inFlight() == 0);
    }
  }

  @Test
  void ticketKeysAreSharedThroughTheCluster() throws Exception {
    try (RedisConnection a = RedisConnection.open(endpoint()); RedisConnection b = RedisConnection.open(endpoint())) {
      TicketKeyOptions options = TicketKeyOptions.sealingKey("t1", new byte[32]).redisKey("cluster:ticket-keys")
          .rotationInterval(Duration.ofMillis(500)).pollInterval(Duration.ofMillis(100));
      RedisTicketKeys ka = RedisTicketKeys.start(a, options, keys -> {});
      RedisTicketKeys kb = RedisTicketKeys.start(b, options, keys -> {});
      Await.until("a rotation seen by both", () -> ka.metrics().version() >= 2 && kb.metrics().version() >= 2);
      ka.close();
      kb.close();
      Await.until("both idle", () -> ka.idle() && kb.idle());
      // The last version was made by one of the two, which adopted it: the higher state is the last one.
      long last = Math.max(ka.state().version(), kb.state().version());
      assertEquals(last, ka.metrics().rotations() + kb.metrics().rotations(), ka.metrics() + " " + kb.metrics());
      if (ka.state().version() == kb.state().version()) {
        assertArrayEquals(ka.current(), kb.current());
        assertArrayEquals(ka.previous(), kb.previous());
      }
    }
  }
}

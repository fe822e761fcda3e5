package dev.jtls.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jtls.net.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Shared ticket keys rotated twice while clients keep resuming across the three servers: every server adopts
 * each new set (pub/sub) and keeps the one it replaced, so no connection falls back to a full handshake.
 */
class FleetRotationTest {
  /** A rotation is due once the current set is this old; the rotations are at least this far apart. */
  private static final Duration INTERVAL = Duration.ofSeconds(2);

  /** A client that always offers the latest session it got, to the next server in turn. */
  private static final class Chain {
    private final JtlsClient client;
    private final List<String> fullHandshakes = new ArrayList<>();
    private byte[] session;
    private int connections;

    Chain(JtlsClient client) {
      this.client = client;
    }

    void next(Fleet fleet, String phase) {
      int server = connections % 3;
      JtlsClient.Outcome outcome = client.connect(fleet.port(server), session);
      if (session != null && !outcome.reused()) {
        fullHandshakes.add("connection " + connections + " to " + Fleet.NAMES.get(server) + " " + phase);
      }
      session = outcome.session();
      connections++;
    }
  }

  /**
   * A RedisTicketKeys of the test's own, on the fleet's Redis with the fleet's sealing key, that performs one
   * rotation as soon as the current set is {@link #INTERVAL} old and is closed right after it: the fleet servers
   * (whose own interval is an hour) learn of it as they would of any rotation.
   */
  private static RedisTicketKeys rotator(RedisConnection redis, Fleet fleet) {
    return RedisTicketKeys.start(redis, TicketKeyOptions.sealingKey("fleet-1", fleet.sealingKey())
        .rotationInterval(INTERVAL).pollInterval(Duration.ofMillis(100)), keys -> {});
  }

  private static void assertInTime(long deadline, String what) {
    if (System.nanoTime() > deadline) {
      throw new AssertionError("timed out waiting for " + what);
    }
  }

  @Test
  void twoRotationsMidRunCostNoFullHandshake() throws Exception {
    try (RedisProcess redis = RedisProcess.start(); Fleet fleet = Fleet.start(redis.uri(), false);
        RedisConnection connection = RedisConnection.open(RedisEndpoint.of(redis.uri()))) {
      List<Chain> chains = new ArrayList<>();
      for (String version : List.of("TLSv1.2", "TLSv1.3")) {
        chains.add(new Chain(new JtlsClient(EventLoop.defaultLoop(), fleet.caFile(), version, true)));
      }
      long before = fleet.metric(0, "keyVersion");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Child.DEADLINE_SECONDS);
      for (int rotation = 1; rotation <= 2; rotation++) {
        RedisTicketKeys rotator = rotator(connection, fleet);
        try {
          while (rotator.metrics().rotations() == 0) {
            assertInTime(deadline, "rotation " + rotation);
            for (Chain chain : chains) {
              chain.next(fleet, "before rotation " + rotation);
            }
          }
        } finally {
          rotator.close();
        }
      }
      long after = before + 2;
      // Keep resuming until every server has the second new set, then round the fleet twice more.
      List<Integer> pending = new ArrayList<>(List.of(0, 1, 2));
      while (!pending.isEmpty()) {
        assertInTime(deadline, "every server adopting the second rotation, still pending: " + pending);
        pending.removeIf(server -> fleet.metric(server, "keyVersion") == after);
        for (Chain chain : chains) {
          chain.next(fleet, "after the rotations");
        }
      }
      for (int i = 0; i < 6; i++) {
        for (Chain chain : chains) {
          chain.next(fleet, "after every server adopted");
        }
      }
      for (Chain chain : chains) {
        assertEquals(List.of(), chain.fullHandshakes);
        assertFalse(chain.connections < 8, "too few connections: " + chain.connections);
      }
      long made = 0;
      for (int server = 0; server < 3; server++) {
        made += fleet.metric(server, "keyRotations");
        assertEquals(after, fleet.metric(server, "keyVersion"));
      }
      assertEquals(1, made, "exactly one server made the first set, and the fleet's own hour never came");
      fleet.assertHealthy();
    }
  }
}

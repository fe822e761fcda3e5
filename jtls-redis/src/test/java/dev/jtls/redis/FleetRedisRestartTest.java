package dev.jtls.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.net.EventLoop;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Redis SIGKILLed and restarted (empty) while clients keep connecting to the three servers: no connection
 * fails; while Redis is away session IDs cost full handshakes and tickets still resume; after the restart
 * session IDs resume across servers again.
 */
class FleetRedisRestartTest {
  /** One connection of the background traffic. */
  record Connection(String client, boolean reused, boolean offeredSession, boolean wholeOutage) {}

  /** Clients connecting in turn to A, B, C, each offering the session it got last, until stopped. */
  private static final class Traffic implements Runnable {
    private final Fleet fleet;
    private final JtlsClient byId;
    private final JtlsClient byTicket;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    /** Incremented once Redis is down and again before it restarts: odd while it is surely away. */
    private final AtomicInteger redisEpoch = new AtomicInteger();
    private volatile boolean stop;

    Traffic(Fleet fleet) throws Exception {
      this.fleet = fleet;
      this.byId = new JtlsClient(EventLoop.defaultLoop(), fleet.caFile(), "TLSv1.2", false);
      this.byTicket = new JtlsClient(EventLoop.defaultLoop(), fleet.caFile(), "TLSv1.3", true);
    }

    @Override
    public void run() {
      byte[][] sessions = new byte[2][];
      for (int n = 0; !stop; n++) {
        for (int c = 0; c < 2; c++) {
          int epoch = redisEpoch.get();
          try {
            JtlsClient.Outcome outcome = (c == 0 ? byId : byTicket).connect(fleet.port(n % 3), sessions[c]);
            boolean wholeOutage = epoch % 2 == 1 && redisEpoch.get() == epoch;
            connections.add(new Connection(c == 0 ? "by ID" : "by ticket", outcome.reused(), sessions[c] != null,
                wholeOutage));
            sessions[c] = outcome.session();
          } catch (Throwable e) {
            failures.add(e);
          }
        }
      }
    }

    void awaitMore(int more) throws InterruptedException {
      int target = connections.size() + more;
      Await.until(more + " more connections", () -> connections.size() >= target || !failures.isEmpty());
    }

    List<Connection> duringOutage(String client) {
      return connections.stream().filter(c -> c.wholeOutage() && c.offeredSession() && c.client().equals(client))
          .toList();
    }
  }

  /** A fresh session from A offered to B, again and again until B resumes it (Redis answers again). */
  private static void awaitResumptionById(Fleet fleet) throws Exception {
    JtlsClient client = new JtlsClient(EventLoop.defaultLoop(), fleet.caFile(), "TLSv1.2", false);
    Await.until("a session ID from A resumes on B",
        () -> client.connect(fleet.port(1), client.connect(fleet.port(0), null).session()).reused());
  }

  @Test
  void killedRedisCostsFullHandshakesOnlyAndResumptionComesBack() throws Exception {
    try (RedisProcess redis = RedisProcess.start(); Fleet fleet = Fleet.start(redis.uri(), false)) {
      awaitResumptionById(fleet);
      Traffic traffic = new Traffic(fleet);
      Thread clients = Thread.ofPlatform().name("fleet-traffic").start(traffic);
      try {
        traffic.awaitMore(6);
        // The epoch is odd only while Redis is surely gone: after the kill returned, before the restart begins.
        redis.kill();
        traffic.redisEpoch.incrementAndGet();
        traffic.awaitMore(18);
        traffic.redisEpoch.incrementAndGet();
        redis.restart();
        awaitResumptionById(fleet);
        traffic.awaitMore(6);
      } finally {
        traffic.stop = true;
        clients.join();
      }
      assertEquals(List.of(), traffic.failures);
      List<Connection> byId = traffic.duringOutage("by ID");
      List<Connection> byTicket = traffic.duringOutage("by ticket");
      assertTrue(byId.size() >= 3 && byTicket.size() >= 3, traffic.connections.toString());
      assertTrue(byId.stream().noneMatch(Connection::reused), "no store, no session-ID resumption: " + byId);
      assertTrue(byTicket.stream().allMatch(Connection::reused), "tickets need no Redis: " + byTicket);
      fleet.assertHealthy();
    }
  }
}

package dev.jtls.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.net.EventLoop;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Three server JVMs sharing one Redis: a session a client got from A resumes on B and on C, by session ID
 * (through the Redis store) and by ticket (through the shared ticket keys), with jtls, openssl and node clients.
 */
class FleetResumptionTest {
  private static RedisProcess redis;
  private static Fleet fleet;

  @BeforeAll
  static void startFleet() throws Exception {
    redis = RedisProcess.start();
    fleet = Fleet.start(redis.uri(), false);
  }

  @AfterAll
  static void stopFleet() {
    try (RedisProcess r = redis) {
      if (fleet != null) {
        fleet.close();
      }
    }
  }

  @AfterEach
  void serversStayHealthy() {
    fleet.assertHealthy();
  }

  /** The store's {@code resumed} counter of each server, for telling a session-ID resumption from a ticket's. */
  private static long[] resumedByStore() {
    long[] resumed = new long[3];
    for (int i = 0; i < 3; i++) {
      resumed[i] = fleet.metric(i, "resumed");
    }
    return resumed;
  }

  @Test
  void jtlsClientResumesBySessionIdOnTheOtherServers() throws Exception {
    JtlsClient client = new JtlsClient(EventLoop.defaultLoop(), fleet.caFile(), "TLSv1.2", false);
    long[] before = resumedByStore();
    JtlsClient.Outcome fromA = client.connect(fleet.port(0), null);
    assertFalse(fromA.reused());
    assertEquals("hello from A", fromA.reply());
    for (int server = 1; server < 3; server++) {
      JtlsClient.Outcome resumed = client.connect(fleet.port(server), fromA.session());
      assertTrue(resumed.reused(), "resumed on " + Fleet.NAMES.get(server));
      assertEquals("hello from " + Fleet.NAMES.get(server), resumed.reply());
    }
    long[] after = resumedByStore();
    assertEquals(before[0], after[0]);
    assertEquals(before[1] + 1, after[1], "B found the session in Redis");
    assertEquals(before[2] + 1, after[2], "C found the session in Redis");
  }

  @Test
  void opensslClientResumesBySessionIdOnTheOtherServers() {
    OpensslClient client = new OpensslClient(fleet.caFile(), "TLSv1.2", false);
    Path session = fleet.dir().resolve("openssl-id.pem");
    long[] before = resumedByStore();
    assertEquals("New", client.connect(fleet.port(0), session, false));
    assertEquals("Reused", client.connect(fleet.port(1), session, true));
    assertEquals("Reused", client.connect(fleet.port(2), session, true));
    long[] after = resumedByStore();
    assertEquals(before[1] + 1, after[1]);
    assertEquals(before[2] + 1, after[2]);
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void jtlsClientResumesByTicketOnTheOtherServers(String version) throws Exception {
    JtlsClient client = new JtlsClient(EventLoop.defaultLoop(), fleet.caFile(), version, true);
    long[] before = resumedByStore();
    JtlsClient.Outcome fromA = client.connect(fleet.port(0), null);
    assertFalse(fromA.reused());
    for (int server = 1; server < 3; server++) {
      assertTrue(client.connect(fleet.port(server), fromA.session()).reused(), "resumed on " + Fleet.NAMES.get(server));
    }
    long[] after = resumedByStore();
    assertEquals(before[1], after[1], "B opened the ticket without the store");
    assertEquals(before[2], after[2], "C opened the ticket without the store");
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void opensslClientResumesByTicketOnTheOtherServers(String version) {
    OpensslClient client = new OpensslClient(fleet.caFile(), version, true);
    Path session = fleet.dir().resolve("openssl-ticket-" + version + ".pem");
    assertEquals("New", client.connect(fleet.port(0), session, false));
    assertEquals("Reused", client.connect(fleet.port(1), session, true));
    assertEquals("Reused", client.connect(fleet.port(2), session, true));
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void nodeClientResumesByTicketOnTheOtherServers(String version) {
    assertEquals(List.of("reused " + fleet.port(1) + " true", "reused " + fleet.port(2) + " true"),
        NodeClient.resume(fleet.caFile(), version, true, fleet.port(0), fleet.port(1), fleet.port(2)));
  }

  @Test
  void nodeClientResumesBySessionIdOnTheOtherServers() {
    long[] before = resumedByStore();
    assertEquals(List.of("reused " + fleet.port(1) + " true", "reused " + fleet.port(2) + " true"),
        NodeClient.resume(fleet.caFile(), "TLSv1.2", false, fleet.port(0), fleet.port(1), fleet.port(2)));
    long[] after = resumedByStore();
    assertEquals(before[1] + 1, after[1]);
    assertEquals(before[2] + 1, after[2]);
  }
}

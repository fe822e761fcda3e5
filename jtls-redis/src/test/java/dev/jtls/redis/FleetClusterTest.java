package dev.jtls.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.net.EventLoop;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The three server JVMs on a 3-node Redis Cluster: sessions stored through one server resume on the others by
 * session ID (entries spread over the nodes' slots) and by ticket (the key state lives on one node).
 */
class FleetClusterTest {
  @Test
  void serversResumeEachOthersSessionsThroughTheCluster() throws Exception {
    try (RedisCluster cluster = RedisCluster.start(); Fleet fleet = Fleet.start(cluster.seedUri(), true)) {
      JtlsClient byId = new JtlsClient(EventLoop.defaultLoop(), fleet.caFile(), "TLSv1.2", false);
      // Enough sessions that every node holds some: each server stores, each other server resumes.
      for (int i = 0; i < 12; i++) {
        int from = i % 3;
        JtlsClient.Outcome made = byId.connect(fleet.port(from), null);
        assertFalse(made.reused());
        for (int other = 1; other < 3; other++) {
          int server = (from + other) % 3;
          assertTrue(byId.connect(fleet.port(server), made.session()).reused(),
              "session " + i + " from " + Fleet.NAMES.get(from) + " on " + Fleet.NAMES.get(server));
        }
      }
      for (RedisProcess node : cluster.nodes()) {
        assertTrue(Integer.parseInt(RedisCluster.cli(node, "dbsize").trim()) > 0,
            "node " + node.port() + " holds keys");
      }

      OpensslClient openssl = new OpensslClient(fleet.caFile(), "TLSv1.2", false);
      Path session = fleet.dir().resolve("cluster-id.pem");
      assertEquals("New", openssl.connect(fleet.port(2), session, false));
      assertEquals("Reused", openssl.connect(fleet.port(0), session, true));

      for (String version : new String[] {"TLSv1.2", "TLSv1.3"}) {
        JtlsClient byTicket = new JtlsClient(EventLoop.defaultLoop(), fleet.caFile(), version, true);
        byte[] ticket = byTicket.connect(fleet.port(0), null).session();
        assertTrue(byTicket.connect(fleet.port(1), ticket).reused(), version + " ticket from A on B");
        assertTrue(byTicket.connect(fleet.port(2), ticket).reused(), version + " ticket from A on C");
      }
      fleet.assertHealthy();
    }
  }
}

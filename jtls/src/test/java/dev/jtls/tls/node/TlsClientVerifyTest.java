package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-client-verify.js: for three {@code ca} lists, which of three
 * servers a client authorizes (an altname mismatch alone counts as authorized, as in Node's test).
 */
class TlsClientVerifyTest {
  record Server(boolean ok, String key, String cert) {}

  record Case(List<String> ca, String key, String cert, List<Server> servers) {}

  private static final List<Case> TEST_CASES = List.of(
      new Case(List.of("ca1-cert"), "agent2-key", "agent2-cert", List.of(
          new Server(true, "agent1-key", "agent1-cert"),
          new Server(false, "agent2-key", "agent2-cert"),
          new Server(false, "agent3-key", "agent3-cert"))),
      new Case(List.of(), "agent2-key", "agent2-cert", List.of(
          new Server(false, "agent1-key", "agent1-cert"),
          new Server(false, "agent2-key", "agent2-cert"),
          new Server(false, "agent3-key", "agent3-cert"))),
      new Case(List.of("ca1-cert", "ca2-cert"), "agent2-key", "agent2-cert", List.of(
          new Server(true, "agent1-key", "agent1-cert"),
          new Server(false, "agent2-key", "agent2-cert"),
          new Server(true, "agent3-key", "agent3-cert"))));

  private static byte[] loadPem(String name) {
    return readKey(name + ".pem");
  }

  @Test
  @Timeout(20)
  @Tag("node-pending") // jtls: agent3 under its 1024-bit root ca2 is unauthorized, UNSPECIFIED ("CA certificate key too weak": the system libssl's security level 2); Node's OpenSSL (level 1) authorizes it
  void authorizationPerCaList() {
    AtomicInteger successfulTests = new AtomicInteger();
    NodeRun.run(getClass().getSimpleName(), node -> runTest(node, 0, successfulTests));
    assertEquals(TEST_CASES.size(), successfulTests.get());
  }

  private static void runTest(NodeRun node, int testIndex, AtomicInteger successfulTests) {
    if (testIndex >= TEST_CASES.size()) {
      return;
    }
    Case tcase = TEST_CASES.get(testIndex);
    ConnectOptions clientOptions = new ConnectOptions()
        .ca(tcase.ca().stream().map(TlsClientVerifyTest::loadPem).toList())
        .key(loadPem(tcase.key())).cert(loadPem(tcase.cert())).rejectUnauthorized(false).loop(node.loop());
    testServers(node, 0, tcase.servers(), clientOptions, node.mustCall(() -> {
      successfulTests.incrementAndGet();
      runTest(node, testIndex + 1, successfulTests);
    }));
  }

  private static void testServers(NodeRun node, int index, List<Server> servers, ConnectOptions clientOptions,
      Runnable cb) {
    if (index >= servers.size()) {
      cb.run();
      return;
    }
    Server serverOptions = servers.get(index);
    TlsServer server = Tls.createServer(new ServerOptions()
        .key(loadPem(serverOptions.key())).cert(loadPem(serverOptions.cert())).loop(node.loop()),
        node.mustCall(s -> s.end("hello world\n")));
    server.listen(0, node.mustCall(() -> {
      StringBuilder b = new StringBuilder();
      clientOptions.port(server.address().port());
      TlsSocket[] client = new TlsSocket[1];
      client[0] = Tls.connect(clientOptions, node.mustCall(() -> {
        boolean authorized = client[0].authorized()
            || "ERR_TLS_CERT_ALTNAME_INVALID".equals(client[0].authorizationError());
        assertEquals(serverOptions.ok(), authorized, serverOptions.cert() + ": authorizationError " + client[0].authorizationError());
        server.close();
      }));
      client[0].on(Duplex.DATA, d -> b.append(new String(d, StandardCharsets.UTF_8)));
      client[0].on(Duplex.END, node.mustCall(() -> assertEquals("hello world\n", b.toString())));
      client[0].on(Duplex.CLOSE, node.mustCall(hadError -> testServers(node, index + 1, servers, clientOptions, cb)));
    }));
  }
}

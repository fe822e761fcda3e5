package dev.jtls.tls.node;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.net.EventLoop;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.SecureContextOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Node's test/parallel/test-tls-secure-context-usage-order.js: the most recently added matching
 * context serves the connection, including its {@code ca} for verifying the client's certificate.
 * Node's per-servername asserts in the server's listener become a record checked at the end.
 */
class TlsSecureContextUsageOrderTest {
  private static final Path KEYS = NodeTestServer.KEYS;

  private static SecureContextOptions agent1TrustingCa(String ca) {
    return new SecureContextOptions().key(KEYS.resolve("agent1-key.pem")).cert(KEYS.resolve("agent1-cert.pem"))
        .ca(List.of(KEYS.resolve(ca + "-cert.pem")));
  }

  private static void connectAndClose(int port, String servername) {
    CompletableFuture<Void> closed = new CompletableFuture<>();
    run(EventLoop.defaultLoop(), () -> {
      TlsSocket client = Tls.connect(new ConnectOptions().port(port).key(KEYS.resolve("agent1-key.pem"))
          .cert(KEYS.resolve("agent1-cert.pem")).ca(List.of(KEYS.resolve("ca1-cert.pem"))).servername(servername)
          .rejectUnauthorized(false), () -> {});
      client.on(TlsSocket.SECURE_CONNECT, () -> client.end());
      client.on(TlsSocket.CLOSE, hadError -> closed.complete(null));
      client.resume();
    });
    await(closed);
  }

  @Test
  void theMostRecentlyAddedMatchingContextIsUsed() {
    Map<String, List<Boolean>> authorized = new ConcurrentHashMap<>();
    try (NodeTestServer server = new NodeTestServer(NodeTestServer.agent2().requestCert(true).rejectUnauthorized(false),
        c -> {
          authorized.computeIfAbsent(c.servername(), k -> new CopyOnWriteArrayList<>())
              .add(c.authorized());
          c.resume();
        })) {
      // 1. The 'bad' context (trusting ca2, which did not issue agent1) is the only one.
      server.addContext("*.example.com", agent1TrustingCa("ca2"));
      // 2. Not authorized.
      connectAndClose(server.port, "a.example.com");
      // 3. and 4. The 'good' context, added later, wins: authorized.
      server.addContext("*.example.com", agent1TrustingCa("ca1"));
      connectAndClose(server.port, "b.example.com");
      // 5. Again, so the search order is not changed by use.
      connectAndClose(server.port, "b.example.com");
    }
    assertEquals(Map.of("a.example.com", List.of(false), "b.example.com", List.of(true, true)), authorized);
  }
}

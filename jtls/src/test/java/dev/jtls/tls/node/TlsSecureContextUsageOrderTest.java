package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.SecureContextOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-secure-context-usage-order.js: a context added with addContext
 * replaces the earlier one for the same name, and new connections use the newer one (its CA
 * decides whether the client certificate is authorized).
 */
class TlsSecureContextUsageOrderTest {
  // pending: the server connection nobody reads never sees the client's end, so the first client never closes (Node: three closes, exit)
  @Tag("node-pending")
  @Test
  @Timeout(20)
  void laterAddContextWins() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      ServerOptions serverOptions = new ServerOptions()
          .key(readKey("agent2-key.pem")).cert(readKey("agent2-cert.pem"))
          .requestCert(true).rejectUnauthorized(false).loop(node.loop());
      SecureContextOptions badSecureContext = new SecureContextOptions()
          .key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem")).ca(List.of(readKey("ca2-cert.pem")));
      SecureContextOptions goodSecureContext = new SecureContextOptions()
          .key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem")).ca(List.of(readKey("ca1-cert.pem")));
      TlsServer server = Tls.createServer(serverOptions, node.guard(c -> {
        if ("a.example.com".equals(c.servername())) {
          assertFalse(c.authorized());
        }
        if ("b.example.com".equals(c.servername())) {
          assertTrue(c.authorized());
        }
      }));
      server.addContext("*.example.com", badSecureContext);
      server.listen(0, () -> {
        ConnectOptions options = new ConnectOptions()
            .port(server.address().port())
            .key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem")).ca(List.of(readKey("ca1-cert.pem")))
            .servername("a.example.com").rejectUnauthorized(false).loop(node.loop());
        TlsSocket[] client = new TlsSocket[3];
        client[0] = Tls.connect(options, () -> client[0].end());
        client[0].on(Duplex.CLOSE, node.mustCall(hadError0 -> {
          server.addContext("*.example.com", goodSecureContext);
          options.servername("b.example.com");
          client[1] = Tls.connect(options, () -> client[1].end());
          client[1].on(Duplex.CLOSE, node.mustCall(hadError1 -> {
            client[2] = Tls.connect(options, () -> client[2].end());
            client[2].on(Duplex.CLOSE, node.mustCall(hadError2 -> server.close()));
          }));
        }));
      });
    });
  }
}

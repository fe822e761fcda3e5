package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.SecureContext;
import dev.jtls.tls.SecureContextOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-tls-add-context.js: addContext with options and with a SecureContext, and a name that matches none. */
class TlsAddContextTest {
  @Test
  @Timeout(20)
  void contextsChosenByServername() {
    SecureContextOptions secureContext = new SecureContextOptions()
        .key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem")).ca(List.of(readKey("ca1-cert.pem")));
    try (SecureContext context2 = Tls.createSecureContext(secureContext)) {
      NodeRun.run(getClass().getSimpleName(), node -> {
        ServerOptions serverOptions = new ServerOptions()
            .key(readKey("agent2-key.pem")).cert(readKey("agent2-cert.pem")).ca(List.of(readKey("ca2-cert.pem")))
            .requestCert(true).rejectUnauthorized(false).loop(node.loop());
        AtomicInteger connections = new AtomicInteger();
        TlsServer[] server = new TlsServer[1];
        server[0] = Tls.createServer(serverOptions, c -> {
          if (connections.incrementAndGet() == 3) {
            server[0].close();
          }
          if ("unknowncontext".equals(c.servername())) {
            assertFalse(c.authorized());
            return;
          }
          assertTrue(c.authorized());
        });
        server[0].addContext("context1", secureContext);
        server[0].addContext("context2", context2);

        server[0].listen(0, node.mustCall(() -> {
          for (String servername : List.of("context1", "context2", "unknowncontext")) {
            TlsSocket[] client = new TlsSocket[1];
            client[0] = Tls.connect(new ConnectOptions()
                .key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem")).ca(List.of(readKey("ca1-cert.pem")))
                .rejectUnauthorized(false).port(server[0].address().port()).servername(servername).loop(node.loop()),
                node.mustCall(() -> client[0].end()));
          }
        }));
      });
    }
  }
}

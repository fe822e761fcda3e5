package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-tls-handshake-error.js: {@code ciphers: 'no-such-cipher'} throws "no cipher match" from connect. */
class TlsHandshakeErrorTest {
  @Test
  @Timeout(20)
  void noCipherMatchThrows() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer server = Tls.createServer(new ServerOptions()
          .key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem")).rejectUnauthorized(true).loop(node.loop()),
          c -> {});
      server.listen(0, node.mustCall(() -> {
        RuntimeException e = assertThrows(RuntimeException.class, () -> Tls.connect(new ConnectOptions()
            .port(server.address().port()).ciphers("no-such-cipher").loop(node.loop()),
            node.mustNotCallRunnable("secureConnect")));
        assertTrue(e.getMessage().toLowerCase().contains("no cipher match"), e.getMessage());
        server.close();
      }));
    });
  }
}

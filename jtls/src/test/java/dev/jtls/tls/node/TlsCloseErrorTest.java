package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-close-error.js: a client that rejects the server's self-signed
 * certificate gets 'error', then 'close' with hadError true.
 */
class TlsCloseErrorTest {
  @Test
  @Timeout(20)
  void closeAfterVerificationError() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer server = Tls.createServer(new ServerOptions()
          .key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem")).loop(node.loop()), c -> {});
      server.listen(0, node.mustCall(() -> {
        TlsSocket c = Tls.connect(server.address().port(), new ConnectOptions().loop(node.loop()));
        c.on(TlsSocket.SECURE_CONNECT, node.mustNotCallRunnable("secureConnect"));
        c.on(Duplex.ERROR, node.mustCall(e -> {}));
        c.on(Duplex.CLOSE, node.mustCall(hadError -> {
          assertTrue(hadError);
          server.close();
        }));
      }));
    });
  }
}

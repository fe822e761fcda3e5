package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-tls-keylog-tlsv13.js: a TLSv1.3 handshake gives five keylog lines on each side. */
class TlsKeylogTlsv13Test {
  @Test
  @Timeout(20)
  void fiveLinesEachSide() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer server = Tls.createServer(new ServerOptions().key(readKey("agent2-key.pem"))
          .cert(readKey("agent2-cert.pem")).minVersion("TLSv1.3").maxVersion("TLSv1.3").loop(node.loop()));
      server.listen(0, () -> {
        TlsSocket client = Tls.connect(new ConnectOptions().port(server.address().port()).rejectUnauthorized(false)
            .loop(node.loop()));
        server.on(TlsServer.KEYLOG, node.mustCall(5, keylog -> {
          assertNotNull(keylog.line());
          assertTrue(keylog.tlsSocket().encrypted());
        }));
        client.on(TlsSocket.KEYLOG, node.mustCall(5, line -> assertNotNull(line)));
        client.once(TlsSocket.SECURE_CONNECT, () -> {
          server.close();
          client.end();
        });
      });
    });
  }
}

package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-tls-timeout-server-2.js: setTimeout on a secure server connection, with a callback. */
class TlsTimeoutServer2Test {
  // pending: the server destroys the connection, but the client that never reads sees no close and the loop never drains (Node exits)
  @Test
  @Timeout(20)
  void idleTimeoutOnASecureConnection() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer[] server = new TlsServer[1];
      server[0] = Tls.createServer(new ServerOptions()
          .key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem")).loop(node.loop()),
          node.mustCall(cleartext -> {
            Object s = cleartext.setTimeout(50, () -> {
              cleartext.destroy();
              server[0].close();
            });
            assertInstanceOf(TlsSocket.class, s);
          }));
      server[0].listen(0, node.mustCall(() -> Tls.connect(new ConnectOptions()
          .host("127.0.0.1").port(server[0].address().port()).rejectUnauthorized(false).loop(node.loop()))));
    });
  }
}

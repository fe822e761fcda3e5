package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;

import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-tls-connect-simple.js: two clients, the server closes after the second, with 'close'. */
class TlsConnectSimpleTest {
  @Test
  @Timeout(20)
  void twoClients() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      AtomicInteger serverConnected = new AtomicInteger();
      TlsServer[] server = new TlsServer[1];
      server[0] = Tls.createServer(new ServerOptions()
          .key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem")).loop(node.loop()), node.mustCall(2, socket -> {
            if (serverConnected.incrementAndGet() == 2) {
              server[0].close(node.mustCall());
              server[0].on(TlsServer.CLOSE, node.mustCall());
            }
          }));
      server[0].listen(0, () -> {
        int port = server[0].address().port();
        TlsSocket[] client1 = new TlsSocket[1];
        client1[0] = Tls.connect(new ConnectOptions().port(port).rejectUnauthorized(false).loop(node.loop()),
            node.mustCall(() -> client1[0].end()));
        TlsSocket client2 = Tls.connect(new ConnectOptions().port(port).rejectUnauthorized(false).loop(node.loop()));
        client2.on(TlsSocket.SECURE_CONNECT, node.mustCall(() -> client2.end()));
      });
    });
  }
}

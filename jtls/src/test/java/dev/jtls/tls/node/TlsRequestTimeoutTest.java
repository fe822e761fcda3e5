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

/** Node's test/parallel/test-tls-request-timeout.js: setTimeout without a callback emits 'timeout'. */
class TlsRequestTimeoutTest {
  // pending: after the server's end() the client that never reads sees no EOF, so 'timeout' fires again and the loop never drains (Node: one 'timeout', exit)
  @Test
  @Timeout(20)
  void timeoutEvent() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer[] server = new TlsServer[1];
      server[0] = Tls.createServer(new ServerOptions()
          .key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem")).loop(node.loop()),
          node.mustCall(socket -> {
            Object s = socket.setTimeout(100);
            assertInstanceOf(TlsSocket.class, s);
            socket.on(TlsSocket.TIMEOUT, node.mustCall(() -> {
              socket.end();
              server[0].close();
            }));
          }));
      server[0].listen(0, () -> Tls.connect(new ConnectOptions()
          .port(server[0].address().port()).rejectUnauthorized(false).loop(node.loop())));
    });
  }
}

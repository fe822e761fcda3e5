package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.property;
import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.jtls.net.NetServer;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-tls-server-connection-server.js: the raw socket of a TLS server's 'connection' knows its server. */
class TlsServerConnectionServerTest {
  @Test
  @Timeout(20)
  void connectionSocketKnowsItsServer() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer server = Tls.createServer(new ServerOptions()
          .key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem")).loop(node.loop()), s -> s.end("hello"));
      server.listen(0, () -> {
        ConnectOptions opts = new ConnectOptions().port(server.address().port()).rejectUnauthorized(false).loop(node.loop());
        server.on(NetServer.CONNECTION, node.mustCall(socket -> {
          assertSame(server, property(socket, "server"));
          server.close();
        }));
        TlsSocket[] client = new TlsSocket[1];
        client[0] = Tls.connect(opts, () -> client[0].end());
      });
    });
  }
}

package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;

import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-tls-reuse-host-from-socket.js: tls.connect over an already connected net.Socket. */
class TlsReuseHostFromSocketTest {
  @Test
  @Timeout(20)
  void connectOverAConnectedSocket() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer server = Tls.createServer(new ServerOptions()
          .key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem")).loop(node.loop()));
      server.listen(0, node.mustCall(() -> {
        NetSocket[] socket = new NetSocket[1];
        socket[0] = Net.connect(new NetConnectOptions().port(server.address().port()).loop(node.loop()), node.mustCall(() -> {
          TlsSocket[] secureSocket = new TlsSocket[1];
          secureSocket[0] = Tls.connect(new ConnectOptions().socket(socket[0]).rejectUnauthorized(false).loop(node.loop()),
              node.mustCall(() -> {
                secureSocket[0].destroy();
                server.close();
              }));
        }));
      }));
    });
  }
}

package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;

import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-net-socket-keepalive.js: tls.connect over an allowHalfOpen
 * net.Socket connected afterwards; both sides write, end, and see each other's data and end.
 * {@link TlsNetSocketKeepalive12Test} runs it with TLSv1.2 as the default maximum.
 */
class TlsNetSocketKeepaliveTest {
  @Test
  @Timeout(20)
  void bothSidesWriteAndEnd() {
    run(getClass().getSimpleName());
  }

  static void run(String name) {
    NodeRun.run(name, node -> {
      ServerOptions options = new ServerOptions().key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem"))
          .ca(List.of(readKey("ca1-cert.pem"))).loop(node.loop());
      TlsServer server = Tls.createServer(options, node.mustCall(conn -> {
        conn.write("hello".getBytes(), node.mustCall(e -> {}));
        conn.on(Duplex.DATA, node.mustCall(d -> {}));
        conn.on(Duplex.END, node.mustCall());
        conn.on(Duplex.DATA, node.mustCall(d -> {}));
        conn.on(Duplex.CLOSE, node.mustCall(hadError -> {}));
        conn.end();
      }));
      server.listen(0, node.mustCall(() -> {
        // Node's net.Socket({allowHalfOpen: true})
        NetSocket netSocket = new NetSocket(node.loop(), new NetConnectOptions().allowHalfOpen(true));
        TlsSocket socket = Tls.connect(new ConnectOptions().socket(netSocket).rejectUnauthorized(false).loop(node.loop()));
        netSocket.connect(new NetConnectOptions().port(server.address().port()));
        socket.on(TlsSocket.SECURE_CONNECT, node.mustCall());
        socket.on(Duplex.END, node.mustCall());
        socket.on(Duplex.DATA, node.mustCall(d -> {}));
        socket.on(Duplex.CLOSE, node.mustCall(hadError -> server.close()));
        socket.write("hello");
        socket.end();
      }));
    });
  }
}

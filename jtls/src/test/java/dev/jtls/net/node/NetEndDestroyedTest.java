package dev.jtls.net.node;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetServerOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-net-end-destroyed.js: a client that ends gets the server's end (the
 * server connection has no listener at all) and is not destroyed at 'end'.
 */
class NetEndDestroyedTest {
  // pending: the server connection nobody reads never sees the client's FIN, so it never closes and the loop never drains (Node: it ends and closes, the process exits)
  @Test
  @Timeout(20)
  void notDestroyedAtEnd() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetServer server = Net.createServer(new NetServerOptions().loop(node.loop()));
      server.on(NetServer.CONNECTION, node.mustCall(s -> {}));
      server.listen(0, node.mustCall(() -> {
        NetSocket socket = Net.createConnection(new NetConnectOptions().port(server.address().port()).loop(node.loop()));
        socket.on(NetSocket.CONNECT, node.mustCall(() -> {
          socket.on(Duplex.END, node.mustCall(() -> {
            assertFalse(socket.destroyed());
            server.close();
          }));
          socket.end();
        }));
      }));
    });
  }
}

package dev.jtls.net.node;

import static org.junit.jupiter.api.Assertions.assertNotNull;

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
 * Node's test/parallel/test-net-write-after-close.js: once the connection is over, a server write
 * fails through its callback, and no 'error' is emitted.
 */
class NetWriteAfterCloseTest {
  // pending: the client that never reads gets no 'end' after the server's FIN (Node: 'end' when nothing is buffered, then the server's write fails)
  @Test
  @Timeout(20)
  void writeAfterTheConnectionIsOver() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetSocket[] serverSocket = new NetSocket[1];
      NetServer server = Net.createServer(new NetServerOptions().loop(node.loop()), node.mustCall(socket -> {
        serverSocket[0] = socket;
        socket.resume();
        socket.on(Duplex.ERROR, node.mustNotCall("error"));
      }));
      server.listen(0, () -> {
        NetSocket[] client = new NetSocket[1];
        client[0] = Net.connect(new NetConnectOptions().port(server.address().port()).loop(node.loop()), () -> {
          client[0].on(Duplex.END, node.mustCall(() -> serverSocket[0].write("test".getBytes(), node.mustCall(err -> {
            assertNotNull(err);
            server.close();
          }))));
          client[0].end();
        });
      });
    });
  }
}

package dev.jtls.net.node;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetServerOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-net-settimeout.js: setTimeout(0) cancels a timeout set before, callback included. */
class NetSettimeoutTest {
  private static final long T = 100;

  // pending: the server connection nobody reads never sees the client's FIN, so it never closes and the loop never drains (Node: it ends and closes, the process exits)
  @Test
  @Timeout(20)
  void zeroCancelsTheTimeout() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetServer server = Net.createServer(new NetServerOptions().loop(node.loop()), node.mustCall(c -> c.write("hello")));
      server.listen(0, () -> {
        NetSocket socket = Net.createConnection(new NetConnectOptions().port(server.address().port())
            .host("localhost").loop(node.loop()));
        Object s = socket.setTimeout(T, node.mustNotCallRunnable("timeout"));
        assertInstanceOf(NetSocket.class, s);
        socket.on(Duplex.DATA, node.mustCall(d -> node.loop().setTimeout(() -> {
          socket.destroy();
          server.close();
        }, T * 2)));
        socket.setTimeout(0);
      });
    });
  }
}

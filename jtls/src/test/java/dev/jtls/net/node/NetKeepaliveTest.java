package dev.jtls.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * Node's test/parallel/test-net-keepalive.js: with keep-alive on and no idle timeout, both ends
 * are still 'open' 100 ms later, then end. (Node's check that setKeepAlive exists is the compiler's.)
 */
class NetKeepaliveTest {
  // pending: the client that never reads never sees the server's end, so it never closes and the loop never drains (Node: exit)
  @Test
  @Timeout(20)
  void openAfterKeepAlive() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetSocket[] serverConnection = new NetSocket[1];
      NetSocket[] clientConnection = new NetSocket[1];
      NetServer[] echoServer = new NetServer[1];
      echoServer[0] = Net.createServer(new NetServerOptions().loop(node.loop()), connection -> {
        serverConnection[0] = connection;
        node.loop().setTimeout(node.mustCall(() -> {
          assertEquals("open", serverConnection[0].readyState());
          assertEquals("open", clientConnection[0].readyState());
          serverConnection[0].end();
          clientConnection[0].end();
          echoServer[0].close();
        }), 100);
        connection.setTimeout(0);
        connection.setKeepAlive(true, 50);
        connection.on(Duplex.END, () -> connection.end());
      });
      echoServer[0].listen(0);
      echoServer[0].on(NetServer.LISTENING, () -> {
        clientConnection[0] = Net.createConnection(new NetConnectOptions().port(echoServer[0].address().port()).loop(node.loop()));
        clientConnection[0].setTimeout(0);
      });
    });
  }
}

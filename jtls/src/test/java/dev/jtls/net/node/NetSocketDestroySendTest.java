package dev.jtls.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.jtls.events.NodeError;
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
 * Node's test/parallel/test-net-socket-destroy-send.js: destroy() returns the socket (twice), and a
 * write afterwards fails through its callback with ERR_STREAM_DESTROYED, no 'error'.
 */
class NetSocketDestroySendTest {
  // pending: the server connection nobody reads never sees the client's FIN, so it never closes and the loop never drains (Node: it ends and closes, the process exits)
  @Test
  @Timeout(20)
  void writeAfterDestroy() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetServer server = Net.createServer(new NetServerOptions().loop(node.loop()));
      server.listen(0, node.mustCall(() -> {
        NetSocket conn = Net.createConnection(new NetConnectOptions().port(server.address().port()).loop(node.loop()));
        conn.on(NetSocket.CONNECT, node.mustCall(() -> {
          assertSame(conn, conn.destroy().destroy());
          conn.on(Duplex.ERROR, node.mustNotCall("error"));
          conn.write("kaboom".getBytes(), node.mustCall(err -> {
            assertEquals("ERR_STREAM_DESTROYED", ((NodeError) err).code());
            assertEquals("Cannot call write after a stream was destroyed", err.getMessage());
          }));
          server.close();
        }));
      }));
    });
  }
}

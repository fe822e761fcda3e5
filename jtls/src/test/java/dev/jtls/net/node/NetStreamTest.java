package dev.jtls.net.node;

import static org.junit.jupiter.api.Assertions.assertSame;

import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetServerOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-net-stream.js: a client that pauses and is destroyed 20 ms into a 20 MB
 * transfer gives the server connection one 'error' (destroyed in it) and one 'close'.
 */
class NetStreamTest {
  private static final int SIZE = 2_000_000;
  private static final int N = 10;

  @Test
  @Timeout(30)
  void peerDestroyedMidTransfer() {
    byte[] buf = new byte[SIZE];
    Arrays.fill(buf, (byte) 'a');
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetServer[] server = new NetServer[1];
      server[0] = Net.createServer(new NetServerOptions().loop(node.loop()), socket -> {
        socket.setNoDelay();
        socket.on(Duplex.ERROR, node.mustCall(e -> socket.destroy()));
        socket.on(Duplex.CLOSE, node.mustCall(hadError -> server[0].close()));
        for (int i = 0; i < N; ++i) {
          socket.write(buf, e -> {});
        }
        socket.end();
      });
      server[0].listen(0, () -> {
        NetSocket conn = Net.connect(new NetConnectOptions().port(server[0].address().port()).loop(node.loop()));
        conn.on(Duplex.DATA, node.guard(b -> {
          assertSame(conn, conn.pause());
          node.loop().setTimeout(() -> conn.destroy(), 20);
        }));
      });
    });
  }
}

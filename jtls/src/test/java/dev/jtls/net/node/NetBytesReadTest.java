package dev.jtls.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetServerOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-net-bytes-read.js: bytesRead rises with each 'data' and stays at the
 * total after 'end' and 'close'. (Node's check that the internal _handle is gone is left out.)
 */
class NetBytesReadTest {
  // pending: the server connection nobody reads never sees the client's FIN, so it never closes and the loop never drains (Node: it ends and closes, the process exits)
  @Test
  @Timeout(20)
  void bytesReadCountsEveryChunk() {
    byte[] big = new byte[1024 * 1024];
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetServer[] server = new NetServer[1];
      server[0] = Net.createServer(new NetServerOptions().loop(node.loop()), node.mustCall(socket -> {
        socket.end(big);
        server[0].close();
      }));
      server[0].listen(0, node.mustCall(() -> {
        AtomicLong prev = new AtomicLong();
        NetSocket[] socket = new NetSocket[1];
        socket[0] = Net.connect(new NetConnectOptions().port(server[0].address().port()).loop(node.loop()),
            node.mustCall(() -> {
              socket[0].on(Duplex.DATA, node.mustCallAtLeast(1, chunk -> {
                assertTrue(socket[0].bytesRead() > prev.get());
                prev.set(socket[0].bytesRead());
              }));
              socket[0].on(Duplex.END, node.mustCall(() -> {
                assertEquals(prev.get(), socket[0].bytesRead());
                assertEquals(big.length, prev.get());
              }));
              socket[0].on(Duplex.CLOSE, node.mustCall(hadError -> {
                assertEquals(prev.get(), socket[0].bytesRead());
                assertEquals(big.length, prev.get());
              }));
              socket[0].end();
            }));
      }));
    });
  }
}

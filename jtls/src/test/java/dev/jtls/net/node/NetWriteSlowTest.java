package dev.jtls.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetServerOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-net-write-slow.js: ten 200 kB writes to a reader that pauses 20 ms
 * after every chunk all flush (their callbacks run) and all arrive, before the 9999 ms idle timeout.
 */
class NetWriteSlowTest {
  private static final int SIZE = 200_000;
  private static final int N = 10;

  // pending: the server connection nobody reads never sees the client's FIN, so it never closes and the loop never drains (Node: it ends and closes, the process exits)
  @Test
  @Timeout(30)
  void slowReaderGetsEverything() {
    byte[] buf = new byte[SIZE];
    Arrays.fill(buf, (byte) 'a');
    AtomicInteger flushed = new AtomicInteger();
    AtomicLong received = new AtomicLong();
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetServer server = Net.createServer(new NetServerOptions().loop(node.loop()), socket -> {
        socket.setNoDelay();
        socket.setTimeout(9999);
        socket.on(NetSocket.TIMEOUT, node.guard(() -> {
          throw new AssertionError("flushed: " + flushed + ", received: " + received + "/" + (SIZE * N));
        }));
        for (int i = 0; i < N; ++i) {
          socket.write(buf, e -> {
            if (flushed.incrementAndGet() == N) {
              socket.setTimeout(0);
            }
          });
        }
        socket.end();
      });
      server.listen(0, node.mustCall(() -> {
        NetSocket conn = Net.connect(new NetConnectOptions().port(server.address().port()).loop(node.loop()));
        conn.on(Duplex.DATA, b -> {
          received.addAndGet(b.length);
          conn.pause();
          node.loop().setTimeout(() -> conn.resume(), 20);
        });
        conn.on(Duplex.END, node.mustCall(() -> {
          server.close();
          assertEquals((long) SIZE * N, received.get());
        }));
      }));
    });
  }
}

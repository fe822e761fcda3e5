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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-net-throttle.js: the server writes until write() returns false, then
 * two more; the client pauses for 100 ms after each burst and nothing arrives while paused; it
 * gets everything, pausing more than once.
 */
class NetThrottleTest {
  @Test
  @Timeout(30)
  void pausedClientGetsNothingUntilResume() {
    AtomicLong charsRecved = new AtomicLong();
    AtomicLong npauses = new AtomicLong();
    AtomicLong totalLength = new AtomicLong();
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetServer server = Net.createServer(new NetServerOptions().loop(node.loop()), node.guard(connection -> {
        String body = "C".repeat(1024);
        int n = 1;
        while (connection.write(body)) {
          n++;
        }
        connection.write(body);
        connection.write(body);
        n += 2;
        totalLength.set((long) n * body.length());
        assertTrue(connection.bufferSize() >= 0);
        assertTrue(connection.writableLength() <= totalLength.get(),
            "writableLength: " + connection.writableLength() + ", totalLength: " + totalLength.get());
        connection.end();
      }));
      server.listen(0, () -> {
        AtomicBoolean paused = new AtomicBoolean();
        NetSocket client = Net.createConnection(new NetConnectOptions().port(server.address().port()).loop(node.loop()));
        client.setEncoding("ascii");
        client.on(Duplex.DATA_TEXT, d -> {
          charsRecved.addAndGet(d.length());
          if (!paused.get()) {
            client.pause();
            npauses.incrementAndGet();
            paused.set(true);
            long x = charsRecved.get();
            node.loop().setTimeout(node.guard(() -> {
              assertEquals(x, charsRecved.get());
              client.resume();
              paused.set(false);
            }), 100);
          }
        });
        client.on(Duplex.END, () -> {
          server.close();
          client.end();
        });
      });
    });
    assertEquals(totalLength.get(), charsRecved.get());
    assertTrue(npauses.get() > 1, npauses.get() + " > 1");
  }
}

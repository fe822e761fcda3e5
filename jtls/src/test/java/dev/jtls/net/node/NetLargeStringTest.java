package dev.jtls.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetServerOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-net-large-string.js: a 40 Ki-character UTF-8 string arrives whole through a decoder. */
class NetLargeStringTest {
  private static final int K_POOL_SIZE = 40 * 1024;

  // pending: the client that never reads gets no 'end' after the server's FIN, so the server is never closed (Node: 'end', exit)
  @Test
  @Timeout(20)
  void largeUtf8String() {
    String data = "\u3042".repeat(K_POOL_SIZE);
    String encoding = "UTF-8";
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetServer server = Net.createServer(new NetServerOptions().loop(node.loop()), node.mustCall(socket -> {
        AtomicInteger receivedSize = new AtomicInteger();
        socket.setEncoding(encoding);
        socket.on(Duplex.DATA_TEXT, d -> receivedSize.addAndGet(d.length()));
        socket.on(Duplex.END, node.mustCall(() -> {
          assertEquals(K_POOL_SIZE, receivedSize.get());
          socket.end();
        }));
      }));
      server.listen(0, () -> {
        NetSocket client = Net.createConnection(new NetConnectOptions().port(server.address().port()).loop(node.loop()));
        client.on(Duplex.END, () -> server.close());
        client.write(data, encoding);
        client.end();
      });
    });
  }
}

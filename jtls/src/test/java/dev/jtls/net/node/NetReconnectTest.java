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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-net-reconnect.js: one socket connected again from its own 'close'
 * listener, 51 times; every close is clean and each connection gets its data and its end.
 */
class NetReconnectTest {
  private static final int N = 50;

  // pending: connect() from the 'close' listener does not reconnect: the socket stays closed after its first connection (Node: 51 connections, each with data, end and a clean close)
  @Tag("node-pending")
  @Test
  @Timeout(30)
  void reconnectFromClose() {
    AtomicInteger clientRecvCount = new AtomicInteger();
    AtomicInteger clientEndCount = new AtomicInteger();
    AtomicInteger disconnectCount = new AtomicInteger();
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetServer server = Net.createServer(new NetServerOptions().loop(node.loop()), socket -> {
        socket.resume();
        socket.write("hello\r\n");
        socket.on(Duplex.END, () -> socket.end());
        socket.on(Duplex.CLOSE, node.guard(hadError -> assertEquals(false, hadError)));
      });
      server.listen(0, () -> {
        NetSocket client = Net.createConnection(new NetConnectOptions().port(server.address().port()).loop(node.loop()));
        client.setEncoding("UTF8");
        client.on(Duplex.DATA_TEXT, node.guard(chunk -> {
          clientRecvCount.incrementAndGet();
          assertEquals("hello\r\n", chunk);
          client.end();
        }));
        client.on(Duplex.END, () -> clientEndCount.incrementAndGet());
        client.on(Duplex.CLOSE, node.guard(hadError -> {
          assertEquals(false, hadError);
          if (disconnectCount.getAndIncrement() < N) {
            client.connect(new NetConnectOptions().port(server.address().port()));
          } else {
            server.close();
          }
        }));
      });
    });
    assertEquals(N + 1, disconnectCount.get());
    assertEquals(N + 1, clientRecvCount.get());
    assertEquals(N + 1, clientEndCount.get());
  }
}

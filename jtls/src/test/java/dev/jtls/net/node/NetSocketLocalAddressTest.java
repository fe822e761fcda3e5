package dev.jtls.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetServerOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-net-socket-local-address.js: one socket connected twice in a row; each
 * time its localPort is the server side's remotePort.
 */
class NetSocketLocalAddressTest {
  // pending: the client that never reads never sees the server's end, so it never closes for the second connect() (Node: two connections, ports match)
  @Tag("node-pending")
  @Test
  @Timeout(20)
  void localPortOfEachConnection() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      AtomicInteger conns = new AtomicInteger();
      List<Integer> clientLocalPorts = new CopyOnWriteArrayList<>();
      List<Integer> serverRemotePorts = new CopyOnWriteArrayList<>();
      NetSocket client = new NetSocket(node.loop(), null);
      NetServer server = Net.createServer(new NetServerOptions().loop(node.loop()), socket -> {
        serverRemotePorts.add(socket.remotePort());
        socket.end();
      });
      server.on(NetServer.CLOSE, node.mustCall(() -> {
        assertEquals(clientLocalPorts, serverRemotePorts);
        assertEquals(2, conns.get());
      }));
      Runnable[] connect = new Runnable[1];
      connect[0] = node.guard(() -> {
        if (conns.get() == 2) {
          server.close();
          return;
        }
        conns.incrementAndGet();
        client.once(Duplex.CLOSE, hadError -> connect[0].run());
        assertSame(client, client.connect(server.address().port(), "127.0.0.1",
            () -> clientLocalPorts.add(client.localPort())));
      });
      server.listen(0, "127.0.0.1", connect[0]);
    });
  }
}

package dev.jtls.net.node;

import static dev.jtls.testing.NodeRun.property;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetServerOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-net-local-address-port.js: an accepted socket's localAddress, localPort and localFamily. */
class NetLocalAddressPortTest {
  // pending: NetSocket has no localFamily() (Node: 'IPv4', the server address's family)
  @Tag("node-pending")
  @Test
  @Timeout(20)
  void acceptedSocketLocalSide() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetServer[] server = new NetServer[1];
      server[0] = Net.createServer(new NetServerOptions().loop(node.loop()), node.mustCall(socket -> {
        assertEquals("127.0.0.1", socket.localAddress());
        assertEquals(server[0].address().port(), socket.localPort());
        assertEquals(server[0].address().family(), property(socket, "localFamily"));
        socket.on(Duplex.END, () -> server[0].close());
        socket.resume();
      }));
      server[0].listen(0, "127.0.0.1", () -> {
        NetSocket client = Net.createConnection(new NetConnectOptions().port(server[0].address().port())
            .host("127.0.0.1").loop(node.loop()));
        client.on(NetSocket.CONNECT, () -> client.end());
      });
    });
  }
}

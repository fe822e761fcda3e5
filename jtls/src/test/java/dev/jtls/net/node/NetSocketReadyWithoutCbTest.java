package dev.jtls.net.node;

import dev.jtls.net.AddressInfo;
import dev.jtls.net.Net;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetServerOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.testing.NodeRun;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-net-socket-ready-without-cb.js: connect() without a callback still
 * emits 'ready'. Node passes server.address() to connect(); jtls's connect takes its port and host.
 */
class NetSocketReadyWithoutCbTest {
  // pending: passes in some runs; in the others the loop drains with the server's 'connection' listener never called, although the client saw 'ready' (Node: one connection, then exit); cause not found
  @Tag("node-pending")
  @Test
  @Timeout(20)
  void readyWithoutCallback() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetServer[] server = new NetServer[1];
      server[0] = Net.createServer(new NetServerOptions().loop(node.loop()), node.mustCall(conn -> {
        conn.end();
        server[0].close();
      }));
      server[0].listen(0, "localhost", node.mustCall(() -> {
        NetSocket client = new NetSocket(node.loop(), null);
        client.on(NetSocket.READY, node.mustCall(() -> client.end()));
        AddressInfo address = server[0].address();
        client.connect(address.port(), address.address(), null);
      }));
    });
  }
}

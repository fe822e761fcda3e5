package dev.jtls.net.node;

import dev.jtls.net.AddressInfo;
import dev.jtls.net.Net;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetServerOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.testing.NodeRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-net-socket-ready-without-cb.js: connect() without a callback still
 * emits 'ready'. Node passes server.address() to connect(); jtls's connect takes its port and host.
 * It also pins that the loop stays alive while listen() resolves "localhost", as a getaddrinfo
 * request keeps Node's: it used to drain then, ending the run before any connection.
 */
class NetSocketReadyWithoutCbTest {
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

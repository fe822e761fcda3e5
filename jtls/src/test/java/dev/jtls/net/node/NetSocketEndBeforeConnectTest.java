package dev.jtls.net.node;

import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetServerOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-net-socket-end-before-connect.js: end() while connecting still closes the socket. */
class NetSocketEndBeforeConnectTest {
  // pending: the server connection nobody reads never sees the client's FIN, so it never ends and the client never closes (Node: 'close', exit)
  @Test
  @Timeout(20)
  void endWhileConnecting() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetServer server = Net.createServer(new NetServerOptions().loop(node.loop()));
      server.listen(0, node.mustCall(() -> {
        NetSocket socket = Net.createConnection(new NetConnectOptions().port(server.address().port()).loop(node.loop()));
        socket.on(Duplex.CLOSE, node.mustCall(hadError -> server.close()));
        socket.end();
      }));
    });
  }
}

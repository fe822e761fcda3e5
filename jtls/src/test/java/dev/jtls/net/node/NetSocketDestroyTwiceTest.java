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

/**
 * Node's test/parallel/test-net-socket-destroy-twice.js: connecting to a server closed at once is
 * an 'error', and destroy() inside it does not give a second 'close'. Node's listen(0) knows its
 * port at once; jtls's listen is asynchronous, so the rest runs in the listening callback.
 */
class NetSocketDestroyTwiceTest {
  @Test
  @Timeout(20)
  void destroyInErrorHandler() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetServer server = Net.createServer(new NetServerOptions().loop(node.loop()));
      server.listen(0, () -> {
        int port = server.address().port();
        NetSocket conn = Net.createConnection(new NetConnectOptions().port(port).loop(node.loop()));
        conn.on(Duplex.ERROR, node.mustCall(e -> conn.destroy()));
        conn.on(Duplex.CLOSE, node.mustCall(hadError -> {}));
        server.close();
      });
    });
  }
}

package dev.jtls.net.node;

import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetServerOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.testing.NodeRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-net-during-close.js: the address properties of a connecting socket can
 * be read while its server closes. Node then calls process.exit(0), which Java cannot express for
 * one test; the client is destroyed instead so the run ends.
 */
class NetDuringCloseTest {
  @Test
  @Timeout(20)
  void propertiesWhileTheServerCloses() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetServer server = Net.createServer(new NetServerOptions().loop(node.loop()), socket -> socket.end());
      server.listen(0, node.mustCall(() -> {
        NetSocket client = Net.createConnection(new NetConnectOptions().port(server.address().port()).loop(node.loop()));
        server.close();
        client.remoteAddress();
        client.remoteFamily();
        client.remotePort();
        client.destroy();
      }));
    });
  }
}

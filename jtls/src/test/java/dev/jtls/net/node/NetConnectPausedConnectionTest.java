package dev.jtls.net.node;

import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetServerOptions;
import dev.jtls.testing.NodeRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-net-connect-paused-connection.js: an unref'd server whose connections
 * are unref'd, and a client paused at once: a paused socket does not keep the process alive, so it
 * exits before the unref'd 1 s timer.
 */
class NetConnectPausedConnectionTest {
  @Test
  @Timeout(20)
  void pausedClientLetsTheProcessExit() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetServer server = Net.createServer(new NetServerOptions().loop(node.loop()), conn -> conn.unref());
      server.listen(0, node.mustCall(() -> {
        Net.connect(new NetConnectOptions().port(server.address().port()).host("localhost").loop(node.loop())).pause();
        node.loop().setTimeout(node.mustNotCallRunnable("expected to exit"), 1000).unref();
      }));
      server.unref();
    });
  }
}

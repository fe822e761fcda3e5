package dev.jtls.net.node;

import dev.jtls.net.Net;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetServerOptions;
import dev.jtls.testing.NodeRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-net-server-unref.js: an unref'd listening server lets the process exit before an unref'd timer. */
class NetServerUnrefTest {
  @Test
  @Timeout(20)
  void unrefServerLetsTheLoopEnd() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetServer s = Net.createServer(new NetServerOptions().loop(node.loop()));
      s.listen(0);
      s.unref();
      node.loop().setTimeout(node.mustNotCallRunnable("timer"), 1000).unref();
    });
  }
}

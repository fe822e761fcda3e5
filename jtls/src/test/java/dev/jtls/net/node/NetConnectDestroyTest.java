package dev.jtls.net.node;

import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-net-connect-destroy.js: destroying a socket never connected still emits 'close'. */
class NetConnectDestroyTest {
  @Test
  @Timeout(20)
  void destroyUnconnected() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetSocket socket = new NetSocket(node.loop(), null);
      socket.on(Duplex.CLOSE, node.mustCall(hadError -> {}));
      socket.destroy();
    });
  }
}

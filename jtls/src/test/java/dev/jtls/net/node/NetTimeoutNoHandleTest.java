package dev.jtls.net.node;

import dev.jtls.net.NetSocket;
import dev.jtls.testing.NodeRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-net-timeout-no-handle.js: setTimeout on a socket that never connects
 * still emits 'timeout' (kept alive by a 200 ms timer). Node's check that the internal _handle is
 * null is left out.
 */
class NetTimeoutNoHandleTest {
  @Test
  @Timeout(20)
  void timeoutWithoutConnection() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetSocket socket = new NetSocket(node.loop(), null);
      socket.setTimeout(50);
      socket.on(NetSocket.TIMEOUT, node.mustCall());
      socket.on(NetSocket.CONNECT, node.mustNotCallRunnable("connect"));
      node.loop().setTimeout(() -> {}, 200);
    });
  }
}

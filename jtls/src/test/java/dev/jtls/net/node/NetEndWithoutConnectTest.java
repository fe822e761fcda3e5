package dev.jtls.net.node;

import dev.jtls.net.NetSocket;
import dev.jtls.testing.NodeRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-net-end-without-connect.js: end() on a socket never connected does not throw. */
class NetEndWithoutConnectTest {
  @Test
  @Timeout(20)
  void endWithoutConnect() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetSocket sock = new NetSocket(node.loop(), null);
      sock.end();
    });
  }
}

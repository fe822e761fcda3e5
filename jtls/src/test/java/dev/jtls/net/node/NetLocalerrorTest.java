package dev.jtls.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtls.events.NodeError;
import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.testing.NodeRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-net-localerror.js: an invalid localAddress makes connect throw
 * ERR_INVALID_IP_ADDRESS. Node's second case, {@code localPort: 'foobar'}, cannot be expressed:
 * localPort is an int.
 */
class NetLocalerrorTest {
  @Test
  @Timeout(20)
  void invalidLocalAddress() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      NodeError e = assertThrows(NodeError.class, () -> Net.connect(new NetConnectOptions()
          .host("localhost").port(0).localAddress("foobar").loop(node.loop())));
      assertEquals("ERR_INVALID_IP_ADDRESS", e.code());
    });
  }
}

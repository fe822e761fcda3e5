package dev.jtls.tls.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-connect-timeout-option.js: the {@code timeout} option shows as
 * {@code socket.timeout}. Node's {@code lookup: () => {}} keeps the socket from connecting; jtls has
 * no {@code lookup} option yet, so the socket is destroyed after the check instead.
 */
class TlsConnectTimeoutOptionTest {
  @Test
  @Timeout(20)
  void timeoutProperty() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsSocket socket = Tls.connect(new ConnectOptions().port(42).timeout(1000).loop(node.loop()));
      try {
        assertEquals(1000L, socket.timeout());
      } finally {
        socket.destroy();
      }
    });
  }
}

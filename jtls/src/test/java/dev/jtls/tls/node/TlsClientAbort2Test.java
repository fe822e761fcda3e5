package dev.jtls.tls.node;

import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-tls-client-abort2.js: connecting to port 0 fails with one 'error'. */
class TlsClientAbort2Test {
  @Test
  @Timeout(20)
  void connectToPortZeroFails() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsSocket[] conn = new TlsSocket[1];
      conn[0] = Tls.connect(0, new ConnectOptions().loop(node.loop()));
      conn[0].on(TlsSocket.SECURE_CONNECT, node.mustNotCallRunnable("secureConnect"));
      conn[0].on(Duplex.ERROR, node.mustCall(e -> conn[0].destroy()));
    });
  }
}

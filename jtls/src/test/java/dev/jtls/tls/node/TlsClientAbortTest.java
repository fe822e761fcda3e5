package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;

import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-tls-client-abort.js: a client destroyed at once never connects, and the process ends. */
class TlsClientAbortTest {
  @Test
  @Timeout(20)
  void destroyBeforeConnect() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsSocket conn = Tls.connect(new ConnectOptions()
          .cert(readKey("rsa_cert.crt")).key(readKey("rsa_private.pem")).port(0).loop(node.loop()),
          node.mustNotCallRunnable("secureConnect"));
      conn.on(Duplex.ERROR, e -> {});
      conn.destroy();
    });
  }
}

package dev.jtls.tls.node;

import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-tls-ca-concat.js: a {@code ca} string of several concatenated PEM certificates. */
class TlsCaConcatTest {
  @Test
  @Timeout(20)
  void concatenatedCaString() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      String ca = new String(NodeKeys.AGENT1.cert(), StandardCharsets.ISO_8859_1) + "\n"
          + new String(NodeKeys.AGENT6.ca(), StandardCharsets.ISO_8859_1);
      PairedConnect.connect(node,
          () -> new ServerOptions().cert(NodeKeys.AGENT6.cert()).key(NodeKeys.AGENT6.key()),
          () -> new ConnectOptions().checkServerIdentity((servername, cert) -> null).ca(ca),
          (err, pair, cleanup) -> {
            assertNull(err);
            cleanup.run();
          });
    });
  }
}

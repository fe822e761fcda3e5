package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-alert.js: a TLSv1.2-only server answers an {@code openssl s_client
 * -tls1_1} with the protocol_version alert (number 70), and s_client exits with 1.
 *
 * <p>Node's server uses {@code secureProtocol: 'TLSv1_2_server_method'}, which jtls does not have
 * yet; minVersion = maxVersion = TLSv1.2 is the same restriction. Node's {@code execFile} is
 * {@link OpensslChild}.
 */
class TlsAlertTest {
  @Test
  @Timeout(20)
  void protocolVersionAlert() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer server = Tls.createServer(new ServerOptions().minVersion("TLSv1.2").maxVersion("TLSv1.2")
          .key(readKey("agent2-key.pem")).cert(readKey("agent2-cert.pem")).loop(node.loop()));
      server.listen(0, node.mustCall(() -> {
        OpensslChild.run(node, List.of("s_client", "-quiet", "-tls1_1", "-cipher", "DEFAULT",
            "-connect", "127.0.0.1:" + server.address().port()), node.mustCall((exitCode, stderr) -> {
              assertEquals(1, exitCode);
              assertTrue(stderr.contains("SSL alert number 70"), stderr);
              server.close();
            }));
      }));
    });
  }
}

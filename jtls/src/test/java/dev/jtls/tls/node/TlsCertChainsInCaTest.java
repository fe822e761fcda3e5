package dev.jtls.tls.node;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.PeerCertificate;
import dev.jtls.tls.ServerOptions;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-cert-chains-in-ca.js: the server's {@code cert} is only the leaf and
 * its intermediate comes from its {@code ca}; the client still gets the whole chain.
 */
class TlsCertChainsInCaTest {
  @Test
  @Timeout(20)
  void intermediateFromCa() {
    String[] chain = new String(NodeKeys.AGENT6.cert(), StandardCharsets.ISO_8859_1)
        .split("(?=-----BEGIN CERTIFICATE-----)");
    NodeRun.run(getClass().getSimpleName(), node -> PairedConnect.connect(node,
        () -> new ServerOptions().cert(chain[0]).key(NodeKeys.AGENT6.key()).ca(chain[1]),
        () -> new ConnectOptions().checkServerIdentity((servername, cert) -> null).ca(NodeKeys.AGENT6.ca()),
        (err, pair, cleanup) -> {
          assertNull(err);
          PeerCertificate peer = pair.client().conn.getPeerCertificate();
          assertTrue(peer.serialNumber().matches("(?i).*5B75D77EDC7FB5B7FA9F1424DA4C64FB815DCBDE.*"));
          PeerCertificate next = pair.client().conn.getPeerCertificate(true).issuerCertificate();
          PeerCertificate root = next.issuerCertificate();
          assertTrue(next.serialNumber().matches("(?i).*147D36C1C2F74206DE9FAB5F2226D78ADB00A425.*"));
          assertTrue(root.serialNumber().matches("(?i).*4AB16C8DFD6A7D0D2DFCABDF9C4B0E92C6AD0229.*"));
          cleanup.run();
        }));
  }
}

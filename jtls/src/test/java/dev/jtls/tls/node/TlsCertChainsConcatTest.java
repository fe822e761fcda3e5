package dev.jtls.tls.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.PeerCertificate;
import dev.jtls.tls.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-tls-cert-chains-concat.js: a server {@code cert} holding the leaf and its intermediate. */
class TlsCertChainsConcatTest {
  @Test
  @Timeout(20)
  void chainInCert() {
    NodeRun.run(getClass().getSimpleName(), node -> PairedConnect.connect(node,
        () -> new ServerOptions().cert(NodeKeys.AGENT6.cert()).key(NodeKeys.AGENT6.key()),
        () -> new ConnectOptions().checkServerIdentity((servername, cert) -> null).ca(NodeKeys.AGENT6.ca()),
        (err, pair, cleanup) -> {
          assertNull(err);
          PeerCertificate peer = pair.client().conn.getPeerCertificate();
          assertEquals("adam.lippai@tresorit.com", peer.subject().get("emailAddress"));
          assertEquals("\u00c1d\u00e1m Lippai", peer.subject().get("CN"));
          assertEquals("ca3", peer.issuer().get("CN"));
          assertTrue(peer.serialNumber().matches("(?i).*5B75D77EDC7FB5B7FA9F1424DA4C64FB815DCBDE.*"));

          PeerCertificate next = pair.client().conn.getPeerCertificate(true).issuerCertificate();
          PeerCertificate root = next.issuerCertificate();
          assertEquals("ca3", next.subject().get("CN"));
          assertEquals("ca1", next.issuer().get("CN"));
          assertTrue(next.serialNumber().matches("(?i).*147D36C1C2F74206DE9FAB5F2226D78ADB00A425.*"));

          assertEquals("ca1", root.subject().get("CN"));
          assertEquals("ca1", root.issuer().get("CN"));
          assertTrue(root.serialNumber().matches("(?i).*4AB16C8DFD6A7D0D2DFCABDF9C4B0E92C6AD0229.*"));

          // Node: deepStrictEqual(getPeerCertificate(), {}) on the server, which asked for no certificate
          assertTrue(pair.server().conn.getPeerCertificate().isEmpty());
          assertTrue(pair.server().conn.getPeerCertificate(true).isEmpty());
          cleanup.run();
        }));
  }
}

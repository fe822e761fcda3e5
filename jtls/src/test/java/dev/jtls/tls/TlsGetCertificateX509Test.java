package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jtls.stream.Duplex;
import dev.jtls.testing.NoNativeLeaks;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Node's {@code test/parallel/test-tls-getcertificate-x509.js}: a server presenting agent6 (its
 * chain file holds agent6 and its issuer ca3) gives its own certificate from
 * {@code getX509Certificate()}, and the client's {@code getPeerX509Certificate()} links the issuer
 * the server sent, and no further.
 */
@ExtendWith(NoNativeLeaks.class)
class TlsGetCertificateX509Test {
  private static final Path FIXTURES = Path.of("src/test/resources/nodefixtures");

  private final LoopPeers peers = new LoopPeers();

  @AfterEach
  void closePeers() {
    peers.close();
  }

  @Test
  void serverGetX509CertificateAndClientPeerIssuerCertificate() {
    CompletableFuture<X509Certificate> serverCertificate = new CompletableFuture<>();
    int port = peers.listen(() -> Tls.createServer(
        new ServerOptions().key(FIXTURES.resolve("agent6-key.pem")).cert(FIXTURES.resolve("agent6-cert.pem")),
        socket -> {
          serverCertificate.complete(socket.getX509Certificate());
          socket.on(Duplex.ERROR, e -> {});
          socket.end("World");
        }));
    LoopPeers.Client client = peers.connect(new ConnectOptions().host("127.0.0.1").port(port)
        .rejectUnauthorized(false));
    await(client.secureConnect);
    X509Certificate peerCert = client.socket.getPeerX509Certificate();

    assertEquals("5B75D77EDC7FB5B7FA9F1424DA4C64FB815DCBDE", await(serverCertificate).serialNumber());
    assertNotNull(peerCert.issuerCertificate());
    assertNull(peerCert.issuerCertificate().issuerCertificate());
    assertEquals("147D36C1C2F74206DE9FAB5F2226D78ADB00A425", peerCert.issuerCertificate().serialNumber());
    client.closeAndWait();
  }
}

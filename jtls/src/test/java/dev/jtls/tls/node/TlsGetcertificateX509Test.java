package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import dev.jtls.tls.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-getcertificate-x509.js: getX509Certificate() and
 * getPeerX509Certificate() give X509Certificate objects, the peer's with its issuer attached.
 * Node's {@code instanceof X509Certificate} checks are the Java return type here.
 */
class TlsGetcertificateX509Test {
  @Test
  @Timeout(20)
  void x509Objects() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer server = Tls.createServer(new ServerOptions()
          .key(readKey("agent6-key.pem")).cert(readKey("agent6-cert.pem")).loop(node.loop()),
          cleartext -> cleartext.end("World"));
      server.once(TlsServer.SECURE_CONNECTION, node.mustCall(socket -> {
        X509Certificate cert = socket.getX509Certificate();
        assertEquals("5B75D77EDC7FB5B7FA9F1424DA4C64FB815DCBDE", cert.serialNumber());
      }));
      server.listen(0, node.mustCall(() -> {
        TlsSocket[] socket = new TlsSocket[1];
        socket[0] = Tls.connect(new ConnectOptions().port(server.address().port()).rejectUnauthorized(false)
            .loop(node.loop()), node.mustCall(() -> {
              X509Certificate issuer = socket[0].getPeerX509Certificate().issuerCertificate();
              assertNotNull(issuer);
              assertNull(issuer.issuerCertificate());
              assertEquals("147D36C1C2F74206DE9FAB5F2226D78ADB00A425", issuer.serialNumber());
              server.close();
            }));
        socket[0].end("Hello");
      }));
    });
  }
}

package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-tls-peer-certificate-multi-keys.js: a subject with two OU values gives an array, on both ends. */
class TlsPeerCertificateMultiKeysTest {
  @Test
  @Timeout(20)
  void repeatedSubjectKeyIsAnArray() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer server = Tls.createServer(new ServerOptions().key(readKey("rsa_private.pem")).cert(readKey("rsa_cert.crt"))
          .loop(node.loop()), cleartext -> cleartext.end("World"));
      server.once(TlsServer.SECURE_CONNECTION, node.mustCall(socket -> assertEquals(
          List.of("Test TLS Certificate", "Engineering"), socket.getCertificate().subject().get("OU"))));
      server.listen(0, node.mustCall(() -> {
        TlsSocket[] socket = new TlsSocket[1];
        socket[0] = Tls.connect(new ConnectOptions().port(server.address().port()).rejectUnauthorized(false).loop(node.loop()),
            node.mustCall(() -> {
              assertEquals(List.of("Test TLS Certificate", "Engineering"), socket[0].getPeerCertificate().subject().get("OU"));
              server.close();
            }));
        socket[0].end("Hello");
      }));
    });
  }
}

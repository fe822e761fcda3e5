package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-tls-no-rsa-key.js: a server with only an EC key and certificate. */
class TlsNoRsaKeyTest {
  @Test
  @Timeout(20)
  void ecOnlyServer() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer server = Tls.createServer(new ServerOptions()
          .key(readKey("ec-key.pem")).cert(readKey("ec-cert.pem")).loop(node.loop()), conn -> conn.end("ok"));
      server.listen(0, node.mustCall(() -> {
        TlsSocket[] c = new TlsSocket[1];
        c[0] = Tls.connect(server.address().port(), new ConnectOptions().rejectUnauthorized(false).loop(node.loop()));
        c[0].once(TlsSocket.SECURE_CONNECT, node.mustCall(() -> {
          c[0].on(Duplex.END, node.mustCall(() -> {
            c[0].end();
            server.close();
          }));
          c[0].on(Duplex.DATA, node.guard(data -> assertEquals("ok", new String(data, StandardCharsets.UTF_8))));
          assertEquals("US", c[0].getPeerCertificate().subject().get("C"));
        }));
      }));
    });
  }
}

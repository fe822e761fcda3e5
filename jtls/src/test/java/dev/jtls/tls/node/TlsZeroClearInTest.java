package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;

import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-tls-zero-clear-in.js: end('') before the handshake is no error. */
class TlsZeroClearInTest {
  @Test
  @Timeout(20)
  void endWithEmptyStringBeforeHandshake() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      byte[] cert = readKey("rsa_cert.crt");
      byte[] key = readKey("rsa_private.pem");
      TlsServer[] server = new TlsServer[1];
      server[0] = Tls.createServer(new ServerOptions().cert(cert).key(key).loop(node.loop()),
          c -> node.loop().setTimeout(() -> {
            c.end();
            server[0].close();
          }, 20));
      server[0].listen(0, node.mustCall(() -> {
        TlsSocket[] conn = new TlsSocket[1];
        conn[0] = Tls.connect(new ConnectOptions().cert(cert).key(key).rejectUnauthorized(false)
            .port(server[0].address().port()).loop(node.loop()),
            () -> node.loop().setTimeout(() -> conn[0].destroy(), 20));
        conn[0].end("");
        conn[0].on(Duplex.ERROR, node.mustNotCall("error"));
      }));
    });
  }
}

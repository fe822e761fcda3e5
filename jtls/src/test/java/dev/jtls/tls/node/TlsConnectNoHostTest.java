package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-tls-connect-no-host.js: without {@code host} the client connects to, and verifies, localhost. */
class TlsConnectNoHostTest {
  @Test
  @Timeout(20)
  void defaultHostIsLocalhost() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      byte[] cert = readKey("rsa_cert.crt");
      TlsServer server = Tls.createServer(new ServerOptions().key(readKey("rsa_private.pem")).cert(cert).loop(node.loop()));
      server.listen(0, node.mustCall(() -> {
        TlsSocket[] socket = new TlsSocket[1];
        socket[0] = Tls.connect(new ConnectOptions().port(server.address().port()).ca(cert).loop(node.loop()),
            node.mustCall(() -> {
              assertTrue(socket[0].authorized());
              socket[0].destroy();
              server.close();
            }));
      }));
    });
  }
}

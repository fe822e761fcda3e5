package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;

import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-timeout-server.js: a client that never says hello gets the server's
 * handshakeTimeout as a 'tlsClientError'. Node's listener also gets the raw connection as a second
 * argument; jtls passes the TLSSocket, which is what is destroyed here.
 */
class TlsTimeoutServerTest {
  // pending: 'tlsClientError' comes, but the net client that never reads sees no EOF and the loop never drains (Node exits)
  @Test
  @Timeout(20)
  void silentClientTimesOut() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer server = Tls.createServer(new ServerOptions()
          .key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem")).handshakeTimeout(50).loop(node.loop()),
          node.mustNotCall("secureConnection"));
      server.on(TlsServer.TLS_CLIENT_ERROR, node.mustCall(e -> {
        e.tlsSocket().destroy();
        server.close();
      }));
      server.listen(0, node.mustCall(() ->
          Net.connect(new NetConnectOptions().host("127.0.0.1").port(server.address().port()).loop(node.loop()))));
    });
  }
}

package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.SecureContextOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-sni-server-client.js: addContext names, with a wildcard, choose the
 * certificate the client sees; the client's hostname check passes or fails accordingly, and the
 * server socket reports the servername. One test method per Node test() call.
 */
class TlsSniServerClientTest {
  // pending: the server connection nobody reads never sees the client's end, so the client never closes and the loop never drains (Node: 'close', exit)
  @Tag("node-pending")
  @Test
  @Timeout(20)
  void exactName() {
    test("ca1-cert", "a.example.com", true, "a.example.com");
  }

  // pending: as above, and the client's authorizationError is 'UNSPECIFIED' for agent3 under ca2's 1024-bit key (node on the same OpenSSL 3.0.19: ERR_TLS_CERT_ALTNAME_INVALID)
  @Tag("node-pending")
  @Test
  @Timeout(20)
  void wildcardName() {
    test("ca2-cert", "b.test.com", true, "b.test.com");
  }

  // pending: the server connection nobody reads never sees the client's end, so the client never closes and the loop never drains (Node: 'close', exit)
  @Tag("node-pending")
  @Test
  @Timeout(20)
  void wildcardCoversOneLabelOnly() {
    test("ca2-cert", "a.b.test.com", false, "a.b.test.com");
  }

  // pending: the server connection nobody reads never sees the client's end, so the client never closes and the loop never drains (Node: 'close', exit)
  @Tag("node-pending")
  @Test
  @Timeout(20)
  void unknownNameGetsTheDefault() {
    test("ca1-cert", "c.wrong.com", false, "c.wrong.com");
  }

  // pending: the server connection nobody reads never sees the client's end, so the client never closes and the loop never drains (Node: 'close', exit)
  @Tag("node-pending")
  @Test
  @Timeout(20)
  void chainCertificate() {
    test("ca1-cert", "chain.example.com", true, "chain.example.com");
  }

  private void test(String ca, String servername, boolean clientResult, String serverResult) {
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer server = Tls.createServer(new ServerOptions()
          .key(readKey("agent2-key.pem")).cert(readKey("agent2-cert.pem")).loop(node.loop()), node.guard(c -> {
            assertEquals(serverResult, c.servername());
            assertFalse(c.authorized());
          }));
      server.addContext("a.example.com", new SecureContextOptions().key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem")));
      server.addContext("*.test.com", new SecureContextOptions().key(readKey("agent3-key.pem")).cert(readKey("agent3-cert.pem")));
      server.addContext("chain.example.com", new SecureContextOptions().key(readKey("agent6-key.pem")).cert(readKey("agent6-cert.pem")));
      server.on(TlsServer.TLS_CLIENT_ERROR, node.mustNotCall("tlsClientError"));
      server.listen(0, () -> {
        TlsSocket[] client = new TlsSocket[1];
        client[0] = Tls.connect(new ConnectOptions().ca(List.of(readKey(ca + ".pem"))).servername(servername)
            .port(server.address().port()).rejectUnauthorized(false).loop(node.loop()), node.guard(() -> {
              boolean result = "ERR_TLS_CERT_ALTNAME_INVALID".equals(client[0].authorizationError());
              assertEquals(clientResult, result, "authorizationError " + client[0].authorizationError());
              client[0].end();
            }));
        client[0].on(Duplex.CLOSE, node.mustCall(hadError -> server.close()));
      });
    });
  }
}

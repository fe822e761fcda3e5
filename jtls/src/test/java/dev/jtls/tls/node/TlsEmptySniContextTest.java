package dev.jtls.tls.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.SecureContext;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-empty-sni-context.js: an SNICallback answering with a context that
 * has no certificate fails the handshake: "passed a null parameter" on the server, a handshake
 * failure alert on the client.
 */
class TlsEmptySniContextTest {
  @Test
  @Timeout(20)
  void contextWithoutCertificate() {
    // Node makes the context inside the callback and leaves it to the garbage collector; jtls frees it on close
    try (SecureContext empty = Tls.createSecureContext()) {
      NodeRun.run(getClass().getSimpleName(), node -> {
        TlsServer[] server = new TlsServer[1];
        server[0] = Tls.createServer(new ServerOptions().sniCallback((name, callback) -> callback.accept(null, empty))
            .loop(node.loop()), c -> {
              throw new AssertionError("Should not be called");
            });
        server[0].on(TlsServer.TLS_CLIENT_ERROR, node.mustCall(e -> {
          assertTrue(e.exception().getMessage().toLowerCase().contains("passed a null parameter"),
              e.exception().getMessage());
          server[0].close();
        }));
        server[0].listen(0, node.mustCall(() -> {
          TlsSocket c = Tls.connect(new ConnectOptions().port(server[0].address().port()).rejectUnauthorized(false)
              .servername("any.name").loop(node.loop()), node.mustNotCallRunnable("secureConnect"));
          c.on(Duplex.ERROR, node.mustCall(err ->
              assertEquals("ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE", ((NodeError) err).code())));
        }));
      });
    }
  }
}

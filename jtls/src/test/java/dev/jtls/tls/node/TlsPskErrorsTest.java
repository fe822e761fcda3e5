package dev.jtls.tls.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.events.NodeError;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-psk-errors.js: a pskIdentityHint OpenSSL refuses (512 bytes) is the
 * server's 'tlsClientError' ERR_TLS_PSK_SET_IDENTIY_HINT_FAILED (the spec's and node v20's spelling;
 * Node's current test spells it IDENTITY), and the client sees ECONNRESET.
 */
class TlsPskErrorsTest {
  @Test
  @Timeout(20)
  void anIdentityHintOpensslRefusesIsATlsClientError() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer server = Tls.createServer(new ServerOptions().loop(node.loop()).ciphers("PSK+HIGH")
          .pskCallback((socket, identity) -> null).pskIdentityHint("a".repeat(512))); // Too long identity hint.
      server.on(TlsServer.TLS_CLIENT_ERROR, e -> {
        assertEquals("ERR_TLS_PSK_SET_IDENTIY_HINT_FAILED", ((NodeError) e.exception()).code());
        assertEquals("Failed to set PSK identity hint", e.exception().getMessage());
        server.close();
      });
      server.listen(0, () -> {
        var client = Tls.connect(new ConnectOptions().loop(node.loop()).port(server.address().port())
            .ciphers("PSK+HIGH").checkServerIdentity((host, cert) -> null).pskCallback(hint -> null), () -> {});
        client.on(Duplex.ERROR, node.mustCall(err -> assertEquals("ECONNRESET", ((NodeError) err).code())));
      });
    });
  }
}

package dev.jtls.tls.node;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.net.EventLoop;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsSocket;
import java.nio.file.Files;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Node's test/parallel/test-tls-pfx-authorizationerror.js: a client certificate from a PFX reaches
 * a requestCert server, which reads it without an authorizationError; the client's own certificate
 * is readable again and again (Node's reference-count regression check).
 */
class TlsPfxAuthorizationerrorTest {
  private static final String SERIAL = "147D36C1C2F74206DE9FAB5F2226D78ADB00A426";

  @Test
  void aPfxClientCertificateIsReadWithoutAuthorizationError() throws Exception {
    byte[] pfx = Files.readAllBytes(NodeTestServer.KEYS.resolve("agent1.pfx"));
    CompletableFuture<String> onServer = new CompletableFuture<>();
    try (NodeTestServer server = new NodeTestServer(new ServerOptions().pfx(pfx).passphrase("sample").requestCert(true)
        .rejectUnauthorized(false), c -> {
          onServer.complete(c.getPeerCertificate().serialNumber() + " " + c.authorizationError());
          c.end();
        })) {
      CompletableFuture<String> onClient = new CompletableFuture<>();
      run(EventLoop.defaultLoop(), () -> {
        TlsSocket client = Tls.connect(new ConnectOptions().port(server.port).pfx(pfx).passphrase("sample")
            .rejectUnauthorized(false));
        client.on(TlsSocket.ERROR, onClient::completeExceptionally);
        client.on(TlsSocket.SECURE_CONNECT, () -> {
          StringBuilder serials = new StringBuilder();
          for (int i = 0; i < 10; ++i) {
            serials.append(client.getCertificate().serialNumber()).append(i < 9 ? " " : "");
          }
          onClient.complete(serials.toString());
          client.end();
        });
        client.resume();
      });
      assertEquals((SERIAL + " ").repeat(9) + SERIAL, await(onClient));
      assertEquals(SERIAL + " null", await(onServer));
    }
  }
}

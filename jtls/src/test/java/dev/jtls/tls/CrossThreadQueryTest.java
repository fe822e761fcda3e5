package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtls.events.NodeError;
import dev.jtls.net.EventLoop;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A TlsSocket's queries may be called from any thread: they read the SSL under the engine's short
 * lock (never waiting for the socket's loop), so a caller racing the socket's close gets Node's
 * "closed" answers, never a freed SSL. TwoLoopQueryTest has two loops querying each other.
 */
class CrossThreadQueryTest {
  private static final Path PKI = Path.of("src/test/resources/pki");

  private TlsServer server;

  @AfterEach
  void closeServer() {
    CompletableFuture<Void> closed = new CompletableFuture<>();
    server.close(() -> closed.complete(null));
    await(closed);
  }

  @Test
  void queriesFromAnotherThreadSeeTheLiveConnectionThenTheClosedOne() {
    server = Tls.createServer(new ServerOptions().key(PKI.resolve("server.key")).cert(PKI.resolve("server-chain.pem")),
        socket -> socket.resume());
    CompletableFuture<Integer> port = new CompletableFuture<>();
    server.listen(0, "127.0.0.1", () -> port.complete(server.address().port()));
    CompletableFuture<Void> secure = new CompletableFuture<>();
    CompletableFuture<Boolean> closed = new CompletableFuture<>();
    int p = await(port);
    TlsSocket client = call(EventLoop.defaultLoop(), () -> {
      TlsSocket c = Tls.connect(new ConnectOptions().host("127.0.0.1").port(p).servername("localhost")
          .ca(PKI.resolve("root-ca.pem")), () -> secure.complete(null));
      c.on(TlsSocket.CLOSE, closed::complete);
      return c;
    });
    await(secure);

    // this is the test thread, not the loop
    assertEquals("TLSv1.3", client.getProtocol());
    assertEquals("TLS_AES_256_GCM_SHA384", client.getCipher().name());
    assertEquals("localhost", client.getPeerCertificate().subject().get("CN"));
    assertNotNull(client.getPeerX509Certificate());
    assertEquals(32, client.exportKeyingMaterial(32, "EXPERIMENTAL-jtls").length);
    assertNotNull(client.getFinished());
    assertFalse(client.isSessionReused());

    client.destroy();
    await(closed);
    assertNull(client.getProtocol());
    assertNull(client.getCipher());
    assertNull(client.getPeerCertificate());
    assertNull(client.getCertificate());
    assertNull(client.getFinished());
    assertFalse(client.isSessionReused());
    assertFalse(client.setMaxSendFragment(1024));
    assertEquals("ERR_TLS_INVALID_STATE",
        assertThrows(NodeError.class, () -> client.exportKeyingMaterial(32, "EXPERIMENTAL-jtls")).code());
  }
}

package dev.jtls.tls.node;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.net.EventLoop;
import dev.jtls.tls.Cipher;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.PfxEntry;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Node's test/parallel/test-tls-multi-pfx.js: two PFX files (RSA with a passphrase, EC without) in one server. */
class TlsMultiPfxTest {
  private static final Path KEYS = NodeTestServer.KEYS;

  private static Cipher cipherSeen(int port, String ciphers) {
    CompletableFuture<Cipher> seen = new CompletableFuture<>();
    run(EventLoop.defaultLoop(), () -> {
      TlsSocket c = Tls.connect(port, new ConnectOptions().ciphers(ciphers).maxVersion("TLSv1.2")
          .rejectUnauthorized(false));
      c.on(TlsSocket.ERROR, seen::completeExceptionally);
      c.on(TlsSocket.SECURE_CONNECT, () -> {
        seen.complete(c.getCipher());
        c.end();
      });
      c.resume();
    });
    return await(seen);
  }

  @Test
  void eachClientGetsThePfxOfItsCipher() throws Exception {
    ServerOptions options = new ServerOptions().pfx(List.of(
        new PfxEntry(Files.readAllBytes(KEYS.resolve("agent1.pfx")), "sample"),
        Files.readAllBytes(KEYS.resolve("ec.pfx"))));
    try (NodeTestServer server = new NodeTestServer(options, conn -> conn.end("ok"))) {
      List<Cipher> ciphers = List.of(cipherSeen(server.port, "ECDHE-ECDSA-AES256-GCM-SHA384"),
          cipherSeen(server.port, "ECDHE-RSA-AES256-GCM-SHA384"));
      assertEquals(List.of(
          new Cipher("ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLSv1.2"),
          new Cipher("ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLSv1.2")), ciphers);
    }
  }
}

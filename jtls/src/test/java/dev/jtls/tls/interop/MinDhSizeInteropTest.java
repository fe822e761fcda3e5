package dev.jtls.tls.interop;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.events.NodeError;
import dev.jtls.net.EventLoop;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.EphemeralKeyInfo;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A jtls client's {@code minDHSize} against {@code openssl s_server -dhparam} with a 1024-bit prime:
 * Node's ERR_TLS_DH_PARAM_SIZE below the minimum (node v20 gives the same code and message against
 * the same server), the connection and its DH key info at the default of 1024.
 */
class MinDhSizeInteropTest {
  private static final Path KEYS = Path.of("src/test/resources/nodefixtures/keys").toAbsolutePath();
  private static final String DHE = "DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=1";

  @TempDir
  Path dir;

  private static Object connect(int port, ConnectOptions options) {
    CompletableFuture<Object> seen = new CompletableFuture<>();
    run(EventLoop.defaultLoop(), () -> {
      TlsSocket c = Tls.connect(options.host("127.0.0.1").port(port).rejectUnauthorized(false).ciphers(DHE)
          .maxVersion("TLSv1.2"));
      c.on(TlsSocket.ERROR, e -> seen.complete(((NodeError) e).code() + " " + e.getMessage()));
      c.on(TlsSocket.SECURE_CONNECT, () -> {
        seen.complete(c.getEphemeralKeyInfo());
        c.end();
      });
      c.resume();
    });
    return await(seen);
  }

  @Test
  void aDhPrimeUnderMinDhSizeFailsTheConnection() {
    try (PeerProcess server = PeerProcess.start("openssl s_server", dir, List.of("openssl", "s_server", "-accept",
        "127.0.0.1:0", "-key", KEYS.resolve("agent2-key.pem").toString(), "-cert",
        KEYS.resolve("agent2-cert.pem").toString(), "-dhparam", KEYS.resolve("dh1024.pem").toString(), "-cipher", DHE,
        "-no_tls1_3", "-www"))) {
      String accept = server.awaitLine("ACCEPT.*");
      int port = Integer.parseInt(accept.substring(accept.lastIndexOf(':') + 1));
      assertEquals("ERR_TLS_DH_PARAM_SIZE DH parameter size 1024 is less than 2048",
          connect(port, new ConnectOptions().minDHSize(2048)));
      assertEquals(new EphemeralKeyInfo("DH", null, 1024), connect(port, new ConnectOptions()));
    }
  }
}

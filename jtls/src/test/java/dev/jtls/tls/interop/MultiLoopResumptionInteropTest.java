package dev.jtls.tls.interop;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.net.EventLoopGroup;
import dev.jtls.stream.Duplex;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loops of a multi-loop server share one SSL_CTX, so its ticket keys and session cache too: a
 * TLS 1.2 session (with a ticket) that {@code openssl s_client} got from a connection on one loop
 * resumes on a connection that the server handed to another loop.
 */
class MultiLoopResumptionInteropTest {
  @TempDir
  Path workDir;

  @Test
  void aSessionMadeOnOneLoopResumesOnAnother() throws Exception {
    EventLoopGroup group = EventLoopGroup.create("mlri", 2);
    List<String> served = new CopyOnWriteArrayList<>();
    TlsServer server = Tls.createServer(new ServerOptions().key(Identity.EC_SERVER.key())
        .cert(Identity.EC_SERVER.chain()).loops(group), socket -> {
          served.add(socket.loop().name() + (socket.isSessionReused() ? " reused" : " new"));
          socket.on(Duplex.ERROR, e -> {});
          socket.end();
        });
    CompletableFuture<Integer> port = new CompletableFuture<>();
    server.listen(0, "127.0.0.1", () -> port.complete(server.address().port()));
    int p = await(port);
    try {
      Path session = workDir.resolve("session.pem");
      String first = sClient(p, "-sess_out", session.toString());
      assertTrue(first.contains("New, TLSv1.2"), first);
      assertTrue(first.contains("TLS session ticket:"), first); // so the second resumes with the context's ticket keys
      String second = sClient(p, "-sess_in", session.toString());
      assertTrue(second.contains("Reused, TLSv1.2"), second);
      assertEquals(List.of("mlri-0 new", "mlri-1 reused"), served);
    } finally {
      CompletableFuture<Void> closed = new CompletableFuture<>();
      server.close(() -> closed.complete(null));
      await(closed);
    }
  }

  /** One s_client connection with stdin at its end; returns what it printed. */
  private String sClient(int port, String sessionFlag, String sessionFile) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-no_tls1_3",
        "-servername", "localhost", "-CAfile", Identity.ROOT_CA.toString(), sessionFlag, sessionFile)
        .directory(workDir.toFile()).redirectErrorStream(true).redirectInput(new File("/dev/null")).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(20, TimeUnit.SECONDS), output);
    return output;
  }
}

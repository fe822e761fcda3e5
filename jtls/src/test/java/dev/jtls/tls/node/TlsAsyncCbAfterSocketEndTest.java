package dev.jtls.tls.node;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.net.EventLoop;
import dev.jtls.stream.Duplex;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node's test-tls-async-cb-after-socket-end.js: a resumeSession callback called after the client
 * went away (and the server socket was destroyed) is dropped quietly, and the server closes.
 * Node's clients disable tickets on the server; here openssl s_client does on its side
 * ({@code -no_ticket}), so its second connection offers the session ID of the first.
 */
class TlsAsyncCbAfterSocketEndTest {
  private static final Path PKI = Path.of("src/test/resources/pki").toAbsolutePath();

  @TempDir
  Path dir;

  @Test
  void resumeCallbackAfterTheClientLeft() throws IOException, InterruptedException {
    EventLoop loop = EventLoop.defaultLoop();
    CompletableFuture<BiConsumer<Throwable, byte[]>> sessionCb = new CompletableFuture<>();
    List<String> events = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> secondGone = new CompletableFuture<>();
    CompletableFuture<TlsServer> listening = new CompletableFuture<>();
    run(loop, () -> {
      TlsServer server = Tls.createServer(new ServerOptions().key(PKI.resolve("server.key"))
          .cert(PKI.resolve("server-chain.pem")).maxVersion("TLSv1.2"), socket -> {
            events.add("secureConnection");
            socket.on(Duplex.ERROR, e -> {});
            socket.end();
          });
      server.on(TlsServer.NEW_SESSION, e -> {
        events.add("newSession");
        e.callback().run();
      });
      server.on(TlsServer.RESUME_SESSION, e -> {
        events.add("resumeSession");
        sessionCb.complete(e.callback());
      });
      server.on(TlsServer.TLS_CLIENT_ERROR, e -> secondGone.complete(null));
      server.listen(0, "127.0.0.1", () -> listening.complete(server));
    });
    TlsServer server = await(listening);
    Path saved = dir.resolve("session.pem");
    String connect = "127.0.0.1:" + server.address().port();
    Process first = new ProcessBuilder("openssl", "s_client", "-tls1_2", "-no_ticket", "-connect", connect,
        "-sess_out", saved.toString()).redirectErrorStream(true).start();
    first.getOutputStream().close();
    first.getInputStream().readAllBytes();
    first.waitFor(60, TimeUnit.SECONDS);
    assertEquals(0, first.exitValue());

    Process second = new ProcessBuilder("openssl", "s_client", "-tls1_2", "-no_ticket", "-connect", connect,
        "-sess_in", saved.toString()).redirectErrorStream(true).start();
    try {
      BiConsumer<Throwable, byte[]> callback = await(sessionCb);
      second.destroyForcibly(); // the client goes away while the server waits for its store
      second.waitFor(60, TimeUnit.SECONDS);
      await(secondGone);
      callback.accept(null, null);
    } finally {
      second.destroyForcibly();
    }
    CompletableFuture<Void> closed = new CompletableFuture<>();
    run(loop, () -> server.close(e -> closed.complete(null)));
    await(closed);
    // newSession comes before 'secureConnection', as in Node
    assertEquals(List.of("newSession", "secureConnection", "resumeSession"), events);
  }
}

package dev.jtls.tls.node;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.net.EventLoop;
import dev.jtls.stream.Duplex;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Node's test-tls-secure-session.js: under TLSv1.2 the session is made during the handshake, and
 * the client's 'session' event still comes once, after 'secureConnect'.
 */
class TlsSecureSessionTest {
  private static final Path PKI = Path.of("src/test/resources/pki");

  @Test
  void sessionComesAfterSecureConnect() {
    EventLoop loop = EventLoop.defaultLoop();
    List<String> events = new CopyOnWriteArrayList<>();
    CompletableFuture<TlsServer> listening = new CompletableFuture<>();
    CompletableFuture<Void> closed = new CompletableFuture<>();
    run(loop, () -> {
      TlsServer server = Tls.createServer(new ServerOptions().key(PKI.resolve("server.key"))
          .cert(PKI.resolve("server-chain.pem")).maxVersion("TLSv1.2"), socket -> {
            socket.on(Duplex.ERROR, e -> {});
            socket.end();
          });
      server.listen(0, "127.0.0.1", () -> listening.complete(server));
    });
    TlsServer server = await(listening);
    run(loop, () -> {
      TlsSocket client = Tls.connect(new ConnectOptions().host("127.0.0.1").port(server.address().port())
          .rejectUnauthorized(false));
      client.on(TlsSocket.SECURE_CONNECT, () -> events.add("secureConnect"));
      client.on(TlsSocket.SESSION, session -> {
        events.add("session");
        client.end();
      });
      client.on(Duplex.CLOSE, hadError -> closed.complete(null));
      client.resume();
    });
    await(closed);
    CompletableFuture<Void> serverClosed = new CompletableFuture<>();
    run(loop, () -> server.close(e -> serverClosed.complete(null)));
    await(serverClosed);
    assertEquals(List.of("secureConnect", "session"), events);
  }
}

package dev.jtls.tls.node;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.net.EventLoop;
import dev.jtls.stream.Duplex;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Node's test-tls-client-resume.js (TLSv1.3, the default) and test-tls-client-resume-12.js: the
 * first 'session' resumes a second connection; under TLSv1.3 getSession() right after the
 * handshake differs from it (not resumable yet) and two tickets give two 'session' events, under
 * TLSv1.2 they are the same bytes and there is one event.
 */
class TlsClientResumeTest {
  private static final Path PKI = Path.of("src/test/resources/pki");

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
  void ticketFromFirstConnectionResumesSecond(String version) {
    EventLoop loop = EventLoop.defaultLoop();
    AtomicInteger served = new AtomicInteger();
    CompletableFuture<TlsServer> listening = new CompletableFuture<>();
    run(loop, () -> {
      TlsServer server = Tls.createServer(new ServerOptions().key(PKI.resolve("server.key"))
          .cert(PKI.resolve("server-chain.pem")).maxVersion(version), socket -> {
            served.incrementAndGet();
            socket.on(Duplex.ERROR, e -> {});
            socket.end("Goodbye".getBytes(StandardCharsets.US_ASCII));
          });
      server.listen(0, "127.0.0.1", () -> listening.complete(server));
    });
    TlsServer server = await(listening);
    int port = server.address().port();

    AtomicReference<byte[]> sessionx = new AtomicReference<>();
    AtomicReference<Boolean> reusedFirst = new AtomicReference<>();
    AtomicReference<String> protocol = new AtomicReference<>();
    CompletableFuture<byte[]> session1 = new CompletableFuture<>();
    AtomicInteger sessions = new AtomicInteger();
    CompletableFuture<Void> closed1 = new CompletableFuture<>();
    run(loop, () -> {
      TlsSocket client1 = Tls.connect(new ConnectOptions().host("127.0.0.1").port(port).rejectUnauthorized(false));
      client1.on(TlsSocket.SECURE_CONNECT, () -> {
        protocol.set(client1.getProtocol());
        reusedFirst.set(client1.isSessionReused());
        sessionx.set(client1.getSession());
      });
      client1.on(TlsSocket.SESSION, session -> {
        sessions.incrementAndGet();
        session1.complete(session);
      });
      client1.on(Duplex.CLOSE, hadError -> closed1.complete(null));
      client1.resume();
    });
    byte[] first = await(session1);
    await(closed1);
    assertEquals(version, protocol.get());
    assertFalse(reusedFirst.get());
    assertNotNull(sessionx.get());
    if (version.equals("TLSv1.3")) {
      assertFalse(Arrays.equals(sessionx.get(), first), "the session right after the handshake is not the ticket's");
    } else {
      assertArrayEquals(sessionx.get(), first);
    }
    assertEquals(version.equals("TLSv1.3") ? 2 : 1, sessions.get());

    CompletableFuture<Boolean> reused = new CompletableFuture<>();
    CompletableFuture<Void> closed2 = new CompletableFuture<>();
    run(loop, () -> {
      TlsSocket client2 = Tls.connect(new ConnectOptions().host("127.0.0.1").port(port).rejectUnauthorized(false)
          .session(first));
      client2.on(TlsSocket.SECURE_CONNECT, () -> reused.complete(client2.isSessionReused()));
      client2.on(Duplex.CLOSE, hadError -> closed2.complete(null));
      client2.resume();
    });
    assertTrue(await(reused));
    await(closed2);
    assertEquals(2, served.get());
    CompletableFuture<Void> serverClosed = new CompletableFuture<>();
    run(loop, () -> server.close(e -> serverClosed.complete(null)));
    await(serverClosed);
  }
}

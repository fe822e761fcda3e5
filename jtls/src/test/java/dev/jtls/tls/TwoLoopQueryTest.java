package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jtls.net.EventLoop;
import dev.jtls.net.LoopTesting;
import dev.jtls.testing.NoNativeLeaks;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two loops query each other's sockets at the same time. A query that waited for the socket's own
 * loop would deadlock here (each loop inside a task, waiting for the other); queries take the
 * engine's short lock instead, so both finish, and a query racing the socket's destroy gets either
 * the live answer or Node's "closed" answer.
 */
@ExtendWith(NoNativeLeaks.class)
class TwoLoopQueryTest {
  private static final Path PKI = Path.of("src/test/resources/pki");
  private static final int ROUNDS = 300;

  private final EventLoop serverLoop = EventLoop.create("two-loop-query-server");
  private final EventLoop clientLoop = EventLoop.create("two-loop-query-client");

  @Test
  void loopsQueryingEachOthersSocketsNeitherWaitNorSeeAFreedSsl() throws Exception {
    CompletableFuture<TlsSocket> accepted = new CompletableFuture<>();
    TlsServer server = call(serverLoop, () -> Tls.createServer(new ServerOptions().loop(serverLoop)
        .key(PKI.resolve("server.key")).cert(PKI.resolve("server-chain.pem")), socket -> {
          socket.resume();
          accepted.complete(socket);
        }));
    CompletableFuture<Integer> port = new CompletableFuture<>();
    serverLoop.execute(() -> server.listen(0, "127.0.0.1", () -> port.complete(server.address().port())));
    int p = await(port);
    CompletableFuture<Void> secure = new CompletableFuture<>();
    CompletableFuture<Boolean> clientClosed = new CompletableFuture<>();
    CompletableFuture<Boolean> serverSideClosed = new CompletableFuture<>();
    TlsSocket client = call(clientLoop, () -> {
      TlsSocket c = Tls.connect(new ConnectOptions().loop(clientLoop).host("127.0.0.1").port(p)
          .servername("localhost").ca(PKI.resolve("root-ca.pem")), () -> secure.complete(null));
      c.on(TlsSocket.CLOSE, clientClosed::complete);
      c.resume();
      return c;
    });
    await(secure);
    TlsSocket serverSide = await(accepted);
    serverLoop.execute(() -> serverSide.on(TlsSocket.CLOSE, serverSideClosed::complete));

    // Both loops are inside a query task at once: each queries the other loop's socket.
    CyclicBarrier together = new CyclicBarrier(2);
    CompletableFuture<Integer> byServerLoop = queryFrom(serverLoop, client, together, false);
    CompletableFuture<Integer> byClientLoop = queryFrom(clientLoop, serverSide, together, false);
    assertEquals(ROUNDS, await(byServerLoop));
    assertEquals(ROUNDS, await(byClientLoop));

    // Around destroy: the other loop keeps querying while the socket's loop frees its SSL.
    CyclicBarrier racing = new CyclicBarrier(2);
    CompletableFuture<Integer> racingQueries = queryFrom(serverLoop, client, racing, true);
    clientLoop.execute(() -> {
      awaitBarrier(racing);
      client.destroy();
    });
    await(racingQueries);
    await(clientClosed);
    await(serverSideClosed);

    assertNull(client.getProtocol());
    assertNull(client.getCipher());
    assertNull(client.getPeerCertificate());
    assertNull(serverSide.getCipher());
    assertNull(serverSide.getFinished());
    CompletableFuture<Void> closed = new CompletableFuture<>();
    serverLoop.execute(() -> server.close(() -> closed.complete(null)));
    await(closed);
  }

  /**
   * On {@code loop}, once the other party reached {@code barrier}, queries {@code socket}
   * {@link #ROUNDS} times; returns how many rounds saw the live connection. Unless
   * {@code mayClose}, every round must.
   */
  private static CompletableFuture<Integer> queryFrom(EventLoop loop, TlsSocket socket, CyclicBarrier barrier,
      boolean mayClose) {
    CompletableFuture<Integer> result = new CompletableFuture<>();
    loop.execute(() -> {
      try {
        awaitBarrier(barrier);
        int live = 0;
        for (int i = 0; i < ROUNDS; i++) {
          String protocol = socket.getProtocol();
          Cipher cipher = socket.getCipher();
          byte[] finished = socket.getFinished();
          PeerCertificate cert = socket.isServer() ? socket.getCertificate() : socket.getPeerCertificate(true);
          if (protocol == null) {
            if (!mayClose) {
              throw new AssertionError("a live socket answered as a closed one");
            }
            continue;
          }
          live++;
          if (!mayClose) {
            assertEquals("TLSv1.3", protocol);
            assertNotNull(cipher);
            assertNotNull(finished);
            assertEquals("localhost", cert.subject().get("CN"));
            assertEquals(32, socket.exportKeyingMaterial(32, "EXPERIMENTAL-jtls").length);
          }
        }
        result.complete(live);
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    });
    return result;
  }

  private static void awaitBarrier(CyclicBarrier barrier) {
    try {
      barrier.await(LoopTesting.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the other loop never arrived", e);
    }
  }
}

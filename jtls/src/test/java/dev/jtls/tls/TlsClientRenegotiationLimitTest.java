package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jtls.events.NodeError;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NoNativeLeaks;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Node's test-tls-client-renegotiation-limit: a client renegotiates again each time the previous
 * renegotiation completed; the server accepts {@code Tls.CLIENT_RENEG_LIMIT} of them, and the one
 * after is 'error' ERR_TLS_SESSION_ATTACK on the server's socket, which is destroyed, so the client
 * closes without an error of its own.
 */
@ExtendWith(NoNativeLeaks.class)
class TlsClientRenegotiationLimitTest {
  private final LoopPeers peers = new LoopPeers();

  @AfterEach
  void restore() {
    try {
      peers.close();
    } finally {
      Tls.CLIENT_RENEG_LIMIT(3);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 5, 10, 16})
  void theRenegotiationPastTheLimitIsASessionAttack(int limit) {
    Tls.CLIENT_RENEG_LIMIT(limit);
    CompletableFuture<Throwable> serverError = new CompletableFuture<>();
    int port = peers.listen(() -> Tls.createServer(TlsHandshakeTest.rsaServer().maxVersion("TLSv1.2"), conn -> {
      conn.on(Duplex.ERROR, e -> {
        serverError.complete(e);
        conn.destroy();
      });
      conn.pipe(conn);
    }));
    AtomicInteger renegotiations = new AtomicInteger();
    List<Throwable> callbackErrors = new CopyOnWriteArrayList<>();
    LoopPeers.Client client = peers.connect(new ConnectOptions().host("127.0.0.1").port(port)
        .rejectUnauthorized(false), socket -> socket.on(TlsSocket.SECURE_CONNECT, () -> spam(socket, renegotiations,
            callbackErrors)));

    assertFalse(await(client.closed));
    NodeError error = (NodeError) await(serverError);
    assertEquals("ERR_TLS_SESSION_ATTACK", error.code());
    assertEquals("TLS session renegotiation attack detected", error.getMessage());
    assertEquals(limit + 1, renegotiations.get());
    assertEquals(List.of(), callbackErrors);
    assertFalse(client.events.contains("error"), client.events.toString());
  }

  /** Renegotiates, and again from the callback, until the server drops the connection. */
  private static void spam(TlsSocket socket, AtomicInteger renegotiations, List<Throwable> callbackErrors) {
    socket.write(new byte[0]);
    socket.renegotiate(new RenegotiateOptions(), err -> {
      if (err != null) {
        callbackErrors.add(err);
        return;
      }
      spam(socket, renegotiations, callbackErrors);
    });
    renegotiations.incrementAndGet();
  }
}

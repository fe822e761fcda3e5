package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.stream.Duplex;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A jtls server renegotiates (TLSv1.2) while a jtls client streams 1 MiB at it and it echoes each
 * chunk: renegotiate()'s callback gets null in the middle of the transfer and every byte comes
 * back. The client ends only after both, so the renegotiation cannot be cut short by the end.
 */
class RenegotiationDuringTransferTest {
  private static final int TOTAL = 1 << 20;
  private final LoopPeers peers = new LoopPeers();

  @AfterEach
  void closePeers() {
    peers.close();
  }

  /** {@code backpressure}: the echo pauses its reading while its writes are over the high-water mark. */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void theRenegotiationCompletesAndEveryByteComesBack(boolean backpressure) {
    CompletableFuture<Throwable> renegotiated = new CompletableFuture<>();
    int port = peers.listen(() -> Tls.createServer(TlsHandshakeTest.rsaServer().maxVersion("TLSv1.2"), socket -> {
      socket.on(Duplex.ERROR, renegotiated::completeExceptionally);
      boolean[] asked = {false};
      socket.on(Duplex.DATA, chunk -> {
        if (!socket.write(chunk) && backpressure) {
          socket.pause();
          socket.once(Duplex.DRAIN, () -> socket.resume());
        }
        if (!asked[0]) {
          asked[0] = true;
          assertTrue(socket.renegotiate(new RenegotiateOptions(), renegotiated::complete));
        }
      });
      socket.on(Duplex.END, () -> socket.end());
    }));
    CompletableFuture<Boolean> echoed = new CompletableFuture<>();
    byte[] payload = new byte[TOTAL];
    Arrays.fill(payload, (byte) 'x');
    LoopPeers.Client client = peers.connect(new ConnectOptions().host("127.0.0.1").port(port).servername("localhost")
        .ca(LoopPeers.PKI.resolve("root-ca.pem")), socket -> {
          long[] got = {0};
          socket.on(Duplex.DATA, chunk -> {
            got[0] += chunk.length;
            if (got[0] == TOTAL) {
              echoed.complete(true);
            }
          });
          socket.on(TlsSocket.SECURE_CONNECT, () -> socket.write(payload));
        });
    assertNull(await(renegotiated));
    assertTrue(await(echoed));
    run(peers.loop(), () -> client.socket.end());
    assertEquals(false, await(client.closed));
  }
}

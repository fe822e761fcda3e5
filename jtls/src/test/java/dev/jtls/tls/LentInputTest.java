package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.call;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.stream.Duplex;
import dev.jtls.testing.NoNativeLeaks;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ciphertext read from the socket is lent to OpenSSL for one cycle, not copied into the input BIO:
 * what a paused reader leaves unread is kept (the loop's read buffer is reused at once), every
 * byte arrives after resume(), and once all is read the input BIO holds no buffer.
 */
@ExtendWith(NoNativeLeaks.class)
class LentInputTest {
  private final LoopPeers peers = new LoopPeers();

  @AfterEach
  void closePeers() {
    peers.close();
  }

  @Test
  void bytesLeftUnreadWhilePausedAreKeptAndAnIdleInputHoldsNoBuffer() {
    byte[] data = new byte[2 << 20];
    new Random(11).nextBytes(data);
    CompletableFuture<TlsSocket> paused = new CompletableFuture<>();
    CompletableFuture<byte[]> received = new CompletableFuture<>();
    CompletableFuture<Long> idleCapacity = new CompletableFuture<>();
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    ServerOptions options = new ServerOptions().key(LoopPeers.PKI.resolve("server-ec.key"))
        .cert(LoopPeers.PKI.resolve("server-ec-chain.pem"));
    int port = peers.listen(() -> Tls.createServer(options, socket -> {
      socket.on(Duplex.ERROR, received::completeExceptionally);
      socket.on(Duplex.DATA, chunk -> {
        boolean first = got.size() == 0;
        got.write(chunk, 0, chunk.length);
        if (first) {
          socket.pause(); // the rest of this read's ciphertext stays unread until resume()
          peers.loop().setTimeout(() -> paused.complete(socket), 50);
        }
        if (got.size() == data.length) {
          received.complete(got.toByteArray());
          // after this cycle, with the connection idle and still open
          peers.loop().setTimeout(() -> idleCapacity.complete(socket.driver.engine().inputCapacity()), 0);
        }
      });
    }));
    LoopPeers.Client client = peers.connect(new ConnectOptions().host("127.0.0.1").port(port).servername("localhost")
        .ca(LoopPeers.PKI.resolve("root-ca.pem")), socket -> socket.on(TlsSocket.SECURE_CONNECT, () -> socket.write(data)));
    TlsSocket server = await(paused);
    long keptWhilePaused = call(peers.loop(), () -> server.driver.engine().inputCapacity());
    call(peers.loop(), server::resume);
    assertArrayEquals(data, await(received));
    assertTrue(keptWhilePaused > 0, "the unread ciphertext was kept in the input BIO's own buffer");
    assertEquals(0L, await(idleCapacity), "an idle input BIO holds no buffer");
    client.closeAndWait();
  }
}

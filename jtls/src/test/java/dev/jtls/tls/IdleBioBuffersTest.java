package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.internal.openssl.Bio;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NoNativeLeaks;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * After bulk traffic, an idle connection's memory BIOs hold at most one record's buffer: the client
 * writes 1 MiB in multi-record batches, the server echoes it, and once every byte is back neither
 * side's input or output BIO kept more than {@link Bio#KEPT_CAPACITY} bytes of buffer.
 */
@ExtendWith(NoNativeLeaks.class)
class IdleBioBuffersTest {
  private final LoopPeers peers = new LoopPeers();

  @AfterEach
  void closePeers() {
    peers.close();
  }

  /** Input and output BIO capacities of one engine. */
  private record Capacities(long input, long output) {
    static Capacities of(TlsSocket socket) {
      TlsEngine engine = socket.driver.engine();
      return new Capacities(engine.inputCapacity(), engine.outputCapacity());
    }

    boolean withinOneRecord() {
      return input <= Bio.KEPT_CAPACITY && output <= Bio.KEPT_CAPACITY;
    }
  }

  @Test
  void afterAnEchoOfOneMebibyteNoBioKeepsMoreThanOneRecord() {
    byte[] data = new byte[1 << 20];
    new Random(5).nextBytes(data);
    CompletableFuture<TlsSocket> serverSide = new CompletableFuture<>();
    CompletableFuture<byte[]> echoed = new CompletableFuture<>();
    CompletableFuture<Capacities[]> idle = new CompletableFuture<>();
    ServerOptions options = new ServerOptions().key(LoopPeers.PKI.resolve("server-ec.key"))
        .cert(LoopPeers.PKI.resolve("server-ec-chain.pem"));
    int port = peers.listen(() -> Tls.createServer(options, socket -> {
      serverSide.complete(socket);
      socket.on(Duplex.ERROR, echoed::completeExceptionally);
      socket.on(Duplex.DATA, chunk -> socket.write(chunk));
    }));
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    LoopPeers.Client client = peers.connect(new ConnectOptions().host("127.0.0.1").port(port).servername("localhost")
        .ca(LoopPeers.PKI.resolve("root-ca.pem")), socket -> {
          socket.on(TlsSocket.SECURE_CONNECT, () -> socket.write(data));
          socket.on(Duplex.DATA, chunk -> {
            got.write(chunk, 0, chunk.length);
            if (got.size() == data.length) {
              echoed.complete(got.toByteArray());
              // after this cycle: everything is delivered, both sides are idle and open
              peers.loop().setTimeout(() -> idle.complete(new Capacities[] {
                  Capacities.of(serverSide.join()), Capacities.of(socket)}), 0);
            }
          });
        });
    assertArrayEquals(data, await(echoed));
    Capacities[] sides = await(idle);
    assertTrue(sides[0].withinOneRecord(), "server BIOs " + sides[0]);
    assertTrue(sides[1].withinOneRecord(), "client BIOs " + sides[1]);
    client.closeAndWait();
  }
}

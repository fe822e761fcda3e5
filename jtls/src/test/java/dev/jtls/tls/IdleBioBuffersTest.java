package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.call;
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
 * After bulk traffic, an idle connection's memory BIOs give their buffers back: the client writes
 * 1 MiB in multi-record batches, the server echoes it. Once every byte is back, neither side's input
 * or output BIO kept more than one record's buffer, and once a whole idle period passed without
 * output (two periods' checks, run at once here) each output BIO keeps at most a few small records'.
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

    boolean within(long capacity) {
      return input <= capacity && output <= capacity;
    }
  }

  @Test
  void afterAnEchoOfOneMebibyteBiosKeepOneRecordAndNoneOnceIdle() {
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
    assertTrue(sides[0].within(Bio.ONE_RECORD_CAPACITY), "server BIOs " + sides[0]);
    assertTrue(sides[1].within(Bio.ONE_RECORD_CAPACITY), "client BIOs " + sides[1]);
    TlsSocket server = serverSide.join();
    Capacities[] afterIdle = call(peers.loop(), () -> {
      IdleOutputs.sweep(peers.loop()); // the output both sides sent since they were watched counts once
      IdleOutputs.sweep(peers.loop());
      return new Capacities[] {Capacities.of(server), Capacities.of(client.socket)};
    });
    assertTrue(afterIdle[0].within(Bio.IDLE_CAPACITY), "idle server BIOs " + afterIdle[0]);
    assertTrue(afterIdle[1].within(Bio.IDLE_CAPACITY), "idle client BIOs " + afterIdle[1]);
    client.closeAndWait();
  }
}

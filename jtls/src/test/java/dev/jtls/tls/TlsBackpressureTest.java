package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.net.EventLoop;
import dev.jtls.stream.Duplex;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Node's stream backpressure on a TlsSocket whose peer stops reading: write() returns false at the
 * high-water mark, the ciphertext handed to the transport stays bounded however much more is
 * written, and once the peer reads again 'drain' comes and every byte arrives.
 */
class TlsBackpressureTest {
  private static final int CHUNK = 1024;
  private static final int IGNORED_WRITES = 1000;

  private record Stalled(int writesUntilFalse, long writableLength, long transportQueued, long enginePending,
      boolean drained) {}

  @Test
  void aWriterIsHeldBackWhileThePeerDoesNotReadAndDrainsWhenItDoes() {
    EventLoop loop = EventLoop.defaultLoop();
    CompletableFuture<Stalled> afterFalse = new CompletableFuture<>();
    CompletableFuture<Stalled> afterIgnoring = new CompletableFuture<>();
    CompletableFuture<Long> received = new CompletableFuture<>();
    CompletableFuture<Boolean> clientClosed = new CompletableFuture<>();
    CompletableFuture<Boolean> serverClosed = new CompletableFuture<>();
    byte[] chunk = new byte[CHUNK];
    Arrays.fill(chunk, (byte) 'x');
    loop.execute(() -> {
      CrossedDuplex[] pipe = CrossedDuplex.pair(loop);
      TlsSocket server = pipe[0].tlsServer();
      TlsSocket client = pipe[1].tlsClient();
      long[] got = {0};
      server.on(Duplex.DATA, b -> got[0] += b.length);
      server.on(Duplex.END, () -> {
        received.complete(got[0]);
        server.end();
      });
      server.on(Duplex.CLOSE, serverClosed::complete);
      client.on(Duplex.CLOSE, clientClosed::complete);
      boolean[] drained = {false};
      client.on(Duplex.DRAIN, () -> drained[0] = true);
      client.on(TlsSocket.SECURE_CONNECT, () -> {
        pipe[1].stall();
        int writes = 1;
        while (client.write(chunk)) {
          writes++;
        }
        int untilFalse = writes;
        // the write completions run on the loop: look once they have
        loop.setTimeout(() -> {
          afterFalse.complete(state(client, pipe[1], untilFalse, drained[0]));
          for (int i = 0; i < IGNORED_WRITES; i++) {
            client.write(chunk); // a writer ignoring false: its plaintext waits, unencrypted
          }
          loop.setTimeout(() -> {
            afterIgnoring.complete(state(client, pipe[1], untilFalse, drained[0]));
            client.once(Duplex.DRAIN, () -> client.end());
            pipe[1].release();
          }, 0);
        }, 0);
      });
    });
    long hwm = Duplex.DEFAULT_HIGH_WATER_MARK;
    long bound = hwm + LoopBuffers.NET_CAPACITY;
    Stalled first = await(afterFalse);
    assertEquals(hwm / CHUNK, first.writesUntilFalse(), "write() is false once 16 KiB are queued");
    assertFalse(first.drained(), "no 'drain' while the peer does not read");
    assertEquals(hwm - CHUNK, first.writableLength(), "the batch after the first write still waits for the transport");
    assertTrue(first.transportQueued() <= bound, "ciphertext the transport holds: " + first.transportQueued());
    assertEquals(0, first.enginePending(), "nothing piles up in the memory BIO");
    Stalled second = await(afterIgnoring);
    assertFalse(second.drained());
    assertEquals(hwm - CHUNK + (long) IGNORED_WRITES * CHUNK, second.writableLength());
    assertEquals(first.transportQueued(), second.transportQueued(), "the ignored writes were not encrypted");
    assertEquals(0, second.enginePending());
    assertEquals((long) (first.writesUntilFalse() + IGNORED_WRITES) * CHUNK, await(received));
    assertFalse(await(clientClosed));
    assertFalse(await(serverClosed));
  }

  private static Stalled state(TlsSocket client, Duplex transport, int writesUntilFalse, boolean drained) {
    return new Stalled(writesUntilFalse, client.writableLength(), transport.writableLength(),
        client.driver.engine().pending(), drained);
  }
}

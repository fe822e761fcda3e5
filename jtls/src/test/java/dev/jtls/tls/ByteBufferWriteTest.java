package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NoNativeLeaks;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * write(ByteBuffer) on a TlsSocket, with the lent onread buffer on the reading side: every byte
 * arrives in order from direct and heap buffers of sizes that do not line up with records, the
 * caller may reuse its buffer as soon as write returns, Node's return value and 'drain', and a
 * renegotiation in the middle of the transfer.
 */
@ExtendWith(NoNativeLeaks.class)
class ByteBufferWriteTest {
  private static final int[] SIZES = {1, 70_000, 16_384, 3, 16_385, 40_000, 999};

  /** The writer renegotiates (TLSv1.2) once it has written this much, with plaintext in flight both ways. */
  private static final int RENEGOTIATE_AT = 300_000;

  private final LoopPeers peers = new LoopPeers();

  @AfterEach
  void closePeers() {
    peers.close();
  }

  private static byte[] payload(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** A TLSv1.2 server echoing every byte it receives. */
  private int listenEchoing(List<String> serverEvents) {
    ServerOptions options = new ServerOptions().key(LoopPeers.PKI.resolve("server-ec.key"))
        .cert(LoopPeers.PKI.resolve("server-ec-chain.pem")).maxVersion("TLSv1.2");
    return peers.listen(() -> Tls.createServer(options, socket -> {
      socket.on(Duplex.ERROR, e -> serverEvents.add("error " + e));
      socket.on(Duplex.DATA, chunk -> {
        if (!socket.write(chunk)) {
          socket.pause();
          socket.once(Duplex.DRAIN, () -> socket.resume());
        }
      });
      socket.on(Duplex.END, () -> socket.end());
    }));
  }

  /**
   * Writes {@code data} with write(ByteBuffer), alternating direct and heap buffers (a heap one at
   * an offset in its array), honouring false and 'drain', and scribbling over each buffer once
   * write returned; counts the callbacks.
   */
  private static void writeAll(TlsSocket socket, byte[] data, int[] offset, int[] piece, List<Throwable> callbacks,
      List<String> events, Runnable done) {
    while (offset[0] < data.length) {
      if (offset[0] < RENEGOTIATE_AT && offset[0] + SIZES[piece[0] % SIZES.length] >= RENEGOTIATE_AT) {
        events.add("renegotiate " + socket.renegotiate(new RenegotiateOptions(), err -> events.add("renegotiated " + err)));
      }
      int n = Math.min(data.length - offset[0], SIZES[piece[0] % SIZES.length]);
      ByteBuffer buffer = piece[0] % 2 == 0 ? ByteBuffer.allocateDirect(n)
          : ByteBuffer.wrap(new byte[n + 5], 5, n).slice();
      buffer.put(data, offset[0], n).flip();
      offset[0] += n;
      piece[0]++;
      boolean more = socket.write(buffer, callbacks::add);
      assertFalse(buffer.hasRemaining(), "write consumed the buffer");
      buffer.clear();
      while (buffer.hasRemaining()) {
        buffer.put((byte) 'Z'); // the caller's buffer is its own again
      }
      if (!more) {
        socket.once(Duplex.DRAIN, () -> writeAll(socket, data, offset, piece, callbacks, events, done));
        return;
      }
    }
    done.run();
  }

  private record Echo(byte[] received, int writes) {}

  /** Sends {@code data} through the echo server, reading the echo into a lent onread buffer; ends once all came back. */
  private Echo echo(int port, byte[] data, boolean directReadBuffer, List<Throwable> callbacks,
      List<String> clientEvents) {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    CompletableFuture<Echo> result = new CompletableFuture<>();
    int[] piece = {0};
    ByteBuffer readBuffer = directReadBuffer ? ByteBuffer.allocateDirect(10_000) : ByteBuffer.allocate(10_000);
    TlsOnRead onread = TlsOnRead.of(readBuffer, (nread, buf) -> {
      byte[] chunk = new byte[nread];
      buf.get(chunk);
      received.write(chunk, 0, nread);
      return true;
    });
    peers.connect(new ConnectOptions().host("127.0.0.1").port(port).servername("localhost")
        .ca(LoopPeers.PKI.resolve("root-ca.pem")).onread(onread), socket -> {
          socket.on(Duplex.ERROR, result::completeExceptionally);
          socket.on(Duplex.END, () -> result.complete(new Echo(received.toByteArray(), piece[0])));
          socket.on(TlsSocket.SECURE_CONNECT,
              () -> writeAll(socket, data, new int[] {0}, piece, callbacks, clientEvents, () -> socket.end()));
        });
    return await(result);
  }

  @Test
  void everyByteWrittenFromByteBuffersComesBackAcrossARenegotiation() {
    List<String> serverEvents = new CopyOnWriteArrayList<>();
    int port = listenEchoing(serverEvents);
    byte[] data = payload(3 << 20, 8);
    List<Throwable> callbacks = new CopyOnWriteArrayList<>();
    List<String> clientEvents = new CopyOnWriteArrayList<>();
    Echo echo = echo(port, data, true, callbacks, clientEvents);
    assertArrayEquals(data, echo.received());
    assertEquals(echo.writes(), callbacks.size(), "one callback per write");
    assertTrue(callbacks.stream().allMatch(e -> e == null), "no write failed: " + callbacks);
    assertEquals(List.of("renegotiate true", "renegotiated null"), clientEvents);
    assertEquals(List.of(), serverEvents);
  }

  @Test
  void aHeapOnreadBufferReceivesEveryByteToo() {
    List<String> serverEvents = new CopyOnWriteArrayList<>();
    int port = listenEchoing(serverEvents);
    byte[] data = payload(1 << 20, 9);
    Echo echo = echo(port, data, false, new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
    assertArrayEquals(data, echo.received());
    assertEquals(List.of(), serverEvents);
  }

  /** Node's rule: false once the bytes written reach the high-water mark; 'drain' comes before the last write's callback. */
  @Test
  void aWriteReachingTheHighWaterMarkReturnsFalseAndDrains() {
    List<String> serverEvents = new CopyOnWriteArrayList<>();
    int port = listenEchoing(serverEvents);
    List<String> events = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> lastCallback = new CompletableFuture<>();
    LoopPeers.Client client = peers.connect(new ConnectOptions().host("127.0.0.1").port(port)
        .servername("localhost").ca(LoopPeers.PKI.resolve("root-ca.pem")), socket -> {
          socket.on(Duplex.DRAIN, () -> events.add("drain"));
          socket.on(TlsSocket.SECURE_CONNECT, () -> {
            events.add("small " + socket.write(ByteBuffer.allocateDirect(100), e -> events.add("callback small " + e)));
            ByteBuffer big = ByteBuffer.allocateDirect(socket.writableHighWaterMark());
            events.add("big " + socket.write(big, e -> {
              events.add("callback big " + e);
              lastCallback.complete(null);
            }));
          });
        });
    await(lastCallback);
    assertEquals(List.of("small true", "big false", "callback small null", "drain", "callback big null"), events);
    client.closeAndWait();
  }

  /** Written before the handshake is done, the bytes are copied and wait, as Node's writes do. */
  @Test
  void aWriteBeforeTheHandshakeWaitsAndArrives() {
    List<String> serverEvents = new CopyOnWriteArrayList<>();
    int port = listenEchoing(serverEvents);
    byte[] data = payload(50_000, 10);
    CompletableFuture<byte[]> echoed = new CompletableFuture<>();
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    peers.connect(new ConnectOptions().host("127.0.0.1").port(port).servername("localhost")
        .ca(LoopPeers.PKI.resolve("root-ca.pem")), socket -> {
          socket.on(Duplex.DATA, chunk -> {
            received.write(chunk, 0, chunk.length);
            if (received.size() == data.length) {
              echoed.complete(received.toByteArray());
              socket.end();
            }
          });
          ByteBuffer buffer = ByteBuffer.allocateDirect(data.length).put(data).flip();
          socket.write(buffer);
          buffer.clear().put(new byte[data.length]); // overwritten at once: the socket kept its own copy
        });
    assertArrayEquals(data, await(echoed));
  }

  private ConnectOptions client(int port) {
    return new ConnectOptions().host("127.0.0.1").port(port).servername("localhost").ca(LoopPeers.PKI.resolve("root-ca.pem"));
  }

  /** Completes {@code echoed} with the echo of {@code expected} bytes, then ends the socket. */
  private static void collectEcho(TlsSocket socket, int expected, CompletableFuture<byte[]> echoed) {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    socket.on(Duplex.ERROR, echoed::completeExceptionally);
    socket.on(Duplex.DATA, chunk -> {
      received.write(chunk, 0, chunk.length);
      if (received.size() == expected) {
        echoed.complete(received.toByteArray());
        socket.end();
      }
    });
  }

  private static ByteBuffer direct(byte[] data, int from, int to) {
    return ByteBuffer.allocateDirect(to - from).put(data, from, to - from).flip();
  }

  private static ByteBuffer heap(byte[] data, int from, int to) {
    return ByteBuffer.wrap(Arrays.copyOfRange(data, from, to));
  }

  /**
   * byte[] and ByteBuffer writes share the socket's one write queue: writableLength counts both,
   * write() is false from the one reaching the high-water mark on, the callbacks run in order and
   * 'drain' comes once, as soon as nothing is left to write (before the callbacks still due, as in Node).
   */
  @Test
  void drainFollowsAFalseByteBufferWriteInterleavedWithByteArrayWrites() {
    List<String> serverEvents = new CopyOnWriteArrayList<>();
    int port = listenEchoing(serverEvents);
    int highWaterMark = new ConnectOptions().highWaterMark();
    byte[] data = payload(100 + 5_000 + highWaterMark + 10, 11);
    int[] cuts = {0, 100, 5_100, 5_100 + highWaterMark, data.length};
    List<String> events = new CopyOnWriteArrayList<>();
    CompletableFuture<byte[]> echoed = new CompletableFuture<>();
    peers.connect(client(port), socket -> {
      collectEcho(socket, data.length, echoed);
      socket.on(Duplex.DRAIN, () -> events.add("drain " + socket.writableLength()));
      socket.on(TlsSocket.SECURE_CONNECT, () -> {
        events.add("1 " + socket.write(direct(data, cuts[0], cuts[1]), e -> events.add("callback 1 " + e)));
        events.add("2 " + socket.write(Arrays.copyOfRange(data, cuts[1], cuts[2]), e -> events.add("callback 2 " + e)));
        events.add("3 " + socket.write(heap(data, cuts[2], cuts[3]), e -> events.add("callback 3 " + e)));
        events.add("4 " + socket.write(Arrays.copyOfRange(data, cuts[3], cuts[4]), e -> events.add("callback 4 " + e)));
        events.add("length " + socket.writableLength() + " needDrain " + socket.writableNeedDrain());
      });
    });
    assertArrayEquals(data, await(echoed));
    assertEquals(List.of("1 true", "2 true", "3 false", "4 false", "length " + data.length + " needDrain true",
        "callback 1 null", "drain 0", "callback 2 null", "callback 3 null", "callback 4 null"), events);
    assertEquals(List.of(), serverEvents);
  }

  /** Written during the handshake, ByteBuffer writes wait in the queue with byte[] writes and arrive in order. */
  @Test
  void byteBufferWritesDuringTheHandshakeAreQueuedAndArriveInOrder() {
    List<String> serverEvents = new CopyOnWriteArrayList<>();
    int port = listenEchoing(serverEvents);
    byte[] data = payload(20_000 + 3 + 40_000 + 7, 12);
    int[] cuts = {0, 20_000, 20_003, 60_003, data.length};
    List<String> events = new CopyOnWriteArrayList<>();
    CompletableFuture<byte[]> echoed = new CompletableFuture<>();
    peers.connect(client(port), socket -> {
      collectEcho(socket, data.length, echoed);
      socket.on(TlsSocket.SECURE_CONNECT, () -> events.add("secureConnect"));
      ByteBuffer first = direct(data, cuts[0], cuts[1]);
      socket.write(first, e -> events.add("callback 1 " + e));
      first.clear().put(new byte[first.capacity()]); // overwritten at once: the socket kept its own copy
      socket.write(Arrays.copyOfRange(data, cuts[1], cuts[2]), e -> events.add("callback 2 " + e));
      ByteBuffer third = heap(data, cuts[2], cuts[3]);
      socket.write(third, e -> events.add("callback 3 " + e));
      third.clear().put(new byte[third.capacity()]);
      socket.write(direct(data, cuts[3], cuts[4]), e -> events.add("callback 4 " + e));
      events.add("queued " + socket.writableLength());
    });
    assertArrayEquals(data, await(echoed));
    assertEquals(List.of("queued " + data.length, "secureConnect", "callback 1 null", "callback 2 null",
        "callback 3 null", "callback 4 null"), events);
    assertEquals(List.of(), serverEvents);
  }

  /** As Node's writable: a write after end() fails through its callback and the socket's 'error'. */
  @Test
  void aByteBufferWriteAfterEndFailsWithWriteAfterEnd() {
    List<String> serverEvents = new CopyOnWriteArrayList<>();
    int port = listenEchoing(serverEvents);
    List<String> events = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> closed = new CompletableFuture<>();
    peers.connect(client(port), socket -> {
      socket.on(Duplex.ERROR, e -> events.add("error " + ((NodeError) e).code()));
      socket.on(Duplex.CLOSE, hadError -> {
        events.add("close " + hadError);
        closed.complete(null);
      });
      socket.on(TlsSocket.SECURE_CONNECT, () -> {
        socket.end();
        ByteBuffer late = ByteBuffer.allocateDirect(10);
        events.add("write " + socket.write(late, e -> events.add("callback " + ((NodeError) e).code())));
        events.add("consumed " + !late.hasRemaining());
      });
    });
    await(closed);
    assertEquals(List.of("write false", "consumed true", "callback ERR_STREAM_WRITE_AFTER_END",
        "error ERR_STREAM_WRITE_AFTER_END", "close true"), events);
  }
}

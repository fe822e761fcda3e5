package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.call;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.stream.Duplex;
import dev.jtls.testing.NoNativeLeaks;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link TlsSocket#setOnread} on accepted sockets (a jtls extension): the same rules as
 * tls.connect's onread (false pauses until resume(), 'end' still comes), and switching from 'data'
 * events to onread, or back, loses and reorders nothing.
 */
@ExtendWith(NoNativeLeaks.class)
class ServerOnreadTest {
  private final LoopPeers peers = new LoopPeers();

  @AfterEach
  void closeServers() {
    peers.close();
  }

  /** What a server socket received, in order: 'data' chunks and onread reads, and its 'end'. */
  private static final class Received {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<String> problems = new CopyOnWriteArrayList<>();
    final CompletableFuture<byte[]> ended = new CompletableFuture<>();
    final CompletableFuture<TlsSocket> socket = new CompletableFuture<>();

    /** A 'data' listener recording its chunks. */
    final Consumer<byte[]> data = chunk -> {
      events.add("data");
      bytes.writeBytes(chunk);
    };

    void lent(int nread, ByteBuffer buf) {
      if (buf.position() != 0 || buf.limit() != nread) {
        problems.add("lent buffer at " + buf.position() + ".." + buf.limit() + " for " + nread + " bytes");
      }
      byte[] chunk = new byte[nread];
      buf.get(0, chunk);
      bytes.writeBytes(chunk);
      events.add("onread");
    }

    /** An onread that records every read and keeps reading. */
    TlsOnRead reader(ByteBuffer buffer) {
      return TlsOnRead.of(buffer, (nread, buf) -> {
        lent(nread, buf);
        return true;
      });
    }

    /** Every byte of {@code data} arrived once, in order, and exactly one event of the {@code first} kind, first. */
    void assertAllOnceInOrder(byte[] data, CompletableFuture<Boolean> clientClosed, String first) {
      assertArrayEquals(data, await(ended));
      await(clientClosed);
      assertEquals(first, events.getFirst());
      assertEquals(1, events.stream().filter(first::equals).count(), "one '" + first + "' event: " + events);
      assertEquals(List.of(), problems);
    }

    /** Records 'end' (after which nothing may arrive) and ends the socket. */
    void watch(TlsSocket s) {
      s.on(Duplex.ERROR, e -> problems.add("error " + e));
      s.on(Duplex.END, () -> {
        ended.complete(bytes.toByteArray());
        s.end();
      });
      socket.complete(s);
    }
  }

  private int listen(Consumer<TlsSocket> onSecureConnection) {
    ServerOptions options = new ServerOptions().key(LoopPeers.PKI.resolve("server.key"))
        .cert(LoopPeers.PKI.resolve("server-chain.pem"));
    return peers.listen(() -> Tls.createServer(options, onSecureConnection));
  }

  /** Connects, writes {@code data} and ends; the client's 'close' is awaited by the returned future. */
  private CompletableFuture<Boolean> send(int port, byte[] data) {
    CompletableFuture<Boolean> closed = new CompletableFuture<>();
    peers.connect(new ConnectOptions().host("127.0.0.1").port(port).rejectUnauthorized(false), socket -> {
      socket.on(Duplex.ERROR, e -> {});
      socket.on(Duplex.CLOSE, closed::complete);
      socket.on(TlsSocket.SECURE_CONNECT, () -> {
        socket.write(data);
        socket.end();
      });
    });
    return closed;
  }

  /** Records the first 'data' chunk, stops listening for more, then runs {@code then}, inside that listener. */
  private static void onFirstChunk(TlsSocket socket, Received received, Runnable then) {
    socket.on(Duplex.DATA, new Consumer<byte[]>() {
      @Override
      public void accept(byte[] chunk) {
        received.data.accept(chunk);
        socket.off(Duplex.DATA, this);
        then.run();
      }
    });
  }

  private static byte[] payload(int length, long seed) {
    byte[] data = new byte[length];
    new Random(seed).nextBytes(data);
    return data;
  }

  @Test
  void returningFalsePausesTheLentReadsUntilResume() {
    Received received = new Received();
    boolean[] paused = {false};
    int[] reads = {0};
    int port = listen(socket -> {
      received.watch(socket);
      socket.setOnread(TlsOnRead.of(ByteBuffer.allocateDirect(4096), (nread, buf) -> {
        if (paused[0]) {
          received.problems.add("a read while paused");
        }
        received.lent(nread, buf);
        reads[0]++;
        paused[0] = true;
        socket.loop().setTimeout(() -> {
          paused[0] = false;
          socket.resume();
        }, 1);
        return false;
      }));
    });
    byte[] data = payload(256 * 1024, 1);
    CompletableFuture<Boolean> clientClosed = send(port, data);
    assertArrayEquals(data, await(received.ended));
    await(clientClosed);
    assertTrue(reads[0] >= data.length / 4096, "a lent 4 KiB buffer per read: " + reads[0] + " reads");
    assertEquals(List.of(), received.problems);
    assertTrue(received.events.stream().allMatch("onread"::equals), "no 'data' event: " + received.events);
  }

  /**
   * The plaintext that became 'data' chunks and waited in the paused socket's buffer goes to the
   * callback first, then what is decrypted after: every byte once, in order.
   */
  @Test
  void settingOnreadOnAPausedSocketHandsItTheBufferedDataFirst() {
    Received received = new Received();
    int port = listen(socket -> {
      received.watch(socket);
      onFirstChunk(socket, received, socket::pause);
    });
    byte[] data = payload(512 * 1024, 2);
    CompletableFuture<Boolean> clientClosed = send(port, data);
    TlsSocket socket = await(received.socket);
    while (call(socket.loop(), socket::readableLength) == 0) {
      LockSupport.parkNanos(1_000_000); // until the client's next records arrived while the socket is paused
    }
    run(socket.loop(), () -> {
      socket.setOnread(received.reader(ByteBuffer.allocate(1000)));
      socket.resume();
    });
    received.assertAllOnceInOrder(data, clientClosed, "data");
  }

  @Test
  void settingOnreadInsideADataListenerTakesOverWithTheNextRead() {
    Received received = new Received();
    int port = listen(socket -> {
      received.watch(socket);
      onFirstChunk(socket, received, () -> socket.setOnread(received.reader(ByteBuffer.allocateDirect(3000))));
    });
    byte[] data = payload(300 * 1024, 3);
    CompletableFuture<Boolean> clientClosed = send(port, data);
    received.assertAllOnceInOrder(data, clientClosed, "data");
  }

  @Test
  void settingNullGoesBackToDataEvents() {
    Received received = new Received();
    int port = listen(socket -> {
      received.watch(socket);
      socket.on(Duplex.DATA, received.data);
      socket.setOnread(TlsOnRead.of(ByteBuffer.allocateDirect(2000), (nread, buf) -> {
        received.lent(nread, buf);
        socket.setOnread(null);
        return true;
      }));
    });
    byte[] data = payload(100 * 1024, 4);
    CompletableFuture<Boolean> clientClosed = send(port, data);
    received.assertAllOnceInOrder(data, clientClosed, "onread");
  }
}

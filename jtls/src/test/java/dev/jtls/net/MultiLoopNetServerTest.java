package dev.jtls.net;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.call;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.stream.Duplex;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A net server over a group of 4 loops, in both accept designs (one acceptor handing off, and one
 * SO_REUSEPORT listener per loop), and a Unix-domain server (always handing off): each connection
 * lives on one of the group's loops, its events on that loop's thread, every byte echoed in order;
 * close() stops every listener and 'close' waits for the connections of all loops.
 */
class MultiLoopNetServerTest {
  private static final int BYTES = 3000;

  @TempDir
  Path dir;

  private final EventLoopGroup group = EventLoopGroup.create("mlns", 4);
  private final EventLoop clientLoop = EventLoop.create("mlns-client");
  private final Queue<String> problems = new ConcurrentLinkedQueue<>();
  private final Map<String, Integer> perLoop = new TreeMap<>();

  private NetServer echoServer(boolean reusePort) {
    return Net.createServer(new NetServerOptions().loops(group).reusePort(reusePort), socket -> {
      if (!socket.loop().inLoop() || !group.contains(socket.loop())) {
        problems.add("connection of " + socket.loop().name() + " on " + Thread.currentThread().getName());
      }
      synchronized (perLoop) {
        perLoop.merge(socket.loop().name(), 1, Integer::sum);
      }
      socket.on(Duplex.DATA, chunk -> {
        if (!socket.loop().inLoop()) {
          problems.add("data of " + socket.loop().name() + " on " + Thread.currentThread().getName());
        }
      });
      socket.pipe(socket);
    });
  }

  private static byte[] payload(int n) {
    byte[] bytes = new byte[BYTES];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (n * 13 + i);
    }
    return bytes;
  }

  /** Opens {@code count} connections, each echoing its own payload; returns them once all echoed. */
  private List<NetSocket> echoFromAll(int count, Consumer<NetConnectOptions> target) {
    List<CompletableFuture<byte[]>> echoed = new ArrayList<>();
    List<NetSocket> sockets = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] sent = payload(i);
      CompletableFuture<byte[]> received = new CompletableFuture<>();
      echoed.add(received);
      NetConnectOptions options = new NetConnectOptions().loop(clientLoop);
      target.accept(options);
      sockets.add(call(clientLoop, () -> {
        NetSocket socket = Net.connect(options);
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        socket.on(Duplex.DATA, chunk -> {
          in.writeBytes(chunk);
          if (in.size() >= BYTES) {
            received.complete(in.toByteArray());
          }
        });
        socket.on(Duplex.ERROR, received::completeExceptionally);
        socket.write(sent);
        return socket;
      }));
    }
    for (int i = 0; i < count; i++) {
      assertArrayEquals(payload(i), await(echoed.get(i)), "connection " + i);
    }
    return sockets;
  }

  /** Closes {@code server} while {@code sockets} are open, ends them, and waits for 'close'. */
  private void closeWhileConnected(NetServer server, List<NetSocket> sockets) {
    CompletableFuture<Integer> closed = new CompletableFuture<>();
    run(server.loop(), () -> server.close(() -> closed.complete(server.connections())));
    CompletableFuture<Boolean> earlyClose = new CompletableFuture<>();
    server.getConnections((error, count) -> earlyClose.complete(closed.isDone() || count != sockets.size()));
    assertEquals(false, await(earlyClose), "'close' before the connections closed, or a wrong count");
    run(clientLoop, () -> sockets.forEach(NetSocket::end));
    assertEquals(0, await(closed));
  }

  @ParameterizedTest(name = "reusePort={0}")
  @ValueSource(booleans = {false, true})
  void tcpConnectionsSpreadOverTheLoops(boolean reusePort) {
    NetServer server = echoServer(reusePort);
    CompletableFuture<Integer> port = new CompletableFuture<>();
    server.listen(0, "127.0.0.1", () -> port.complete(server.address().port()));
    int p = await(port);

    List<NetSocket> sockets = echoFromAll(40, o -> o.host("127.0.0.1").port(p));
    assertEquals(40, server.connections());
    closeWhileConnected(server, sockets);
    assertTrue(problems.isEmpty(), () -> problems.toString());
    if (reusePort) {
      // the kernel hashes each connection to one listener: all 40 on one of 4 is a chance of 4^-39
      assertTrue(perLoop.size() > 1, () -> "connections per loop " + perLoop);
    } else {
      assertEquals(Map.of("mlns-0", 10, "mlns-1", 10, "mlns-2", 10, "mlns-3", 10), perLoop);
    }

    // every listener is closed: a new connection is refused
    CompletableFuture<Throwable> refused = new CompletableFuture<>();
    run(clientLoop, () -> Net.connect(new NetConnectOptions().host("127.0.0.1").port(p).loop(clientLoop))
        .on(Duplex.ERROR, refused::complete));
    assertEquals("ECONNREFUSED", ((SystemError) await(refused)).code());
  }

  @Test
  void unixDomainConnectionsAreHandedToEachLoop() {
    NetServer server = echoServer(true); // reusePort does not apply to Unix-domain sockets
    String path = dir.resolve("multi.sock").toString();
    CompletableFuture<Void> listening = new CompletableFuture<>();
    server.listen(path, () -> listening.complete(null));
    await(listening);

    List<NetSocket> sockets = echoFromAll(8, o -> o.path(path));
    closeWhileConnected(server, sockets);
    assertTrue(problems.isEmpty(), () -> problems.toString());
    assertEquals(Map.of("mlns-0", 2, "mlns-1", 2, "mlns-2", 2, "mlns-3", 2), perLoop);
  }
}

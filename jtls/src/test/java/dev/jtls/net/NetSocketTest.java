package dev.jtls.net;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.call;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.stream.Duplex;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetSocketTest extends NetTestBase {
  @TempDir
  Path dir;

  @Test
  void echoesOverTcpWithNodesEventOrder() {
    NetServer server = listening(new NetServerOptions(), socket -> socket.end("hello from server"));
    NetConnectOptions options = to(server);
    SocketRecorder client = call(loop, () -> {
      NetSocket socket = track(Net.connect(options));
      return new SocketRecorder(socket);
    });
    assertEquals(false, await(client.closed));
    assertEquals("hello from server", client.text());
    assertEquals(List.of("connect", "ready", "data", "end", "finish", "close:false"), client.events);
  }

  @Test
  void echoesOverUnixDomainSocket() {
    String path = dir.resolve("echo.sock").toString();
    CompletableFuture<Void> listening = new CompletableFuture<>();
    NetServer server = call(loop, () -> {
      NetServer s = Net.createServer(new NetServerOptions().loop(loop), socket -> socket.pipe(socket));
      s.listen(path, () -> listening.complete(null));
      return s;
    });
    track(server);
    await(listening);
    assertEquals(path, call(loop, server::path));
    assertNull(call(loop, server::address));

    CompletableFuture<Void> connected = new CompletableFuture<>();
    SocketRecorder client = call(loop, () -> {
      NetSocket socket = Net.connect(new NetConnectOptions().path(path).loop(loop), () -> connected.complete(null));
      track(socket);
      socket.end("over a unix socket");
      return new SocketRecorder(socket);
    });
    await(connected);
    assertEquals(false, await(client.closed));
    assertEquals("over a unix socket", client.text());
  }

  @Test
  void writesBeforeConnectAreSentAfterIt() {
    NetServer server = echoServer(new NetServerOptions());
    NetConnectOptions options = to(server);
    SocketRecorder client = call(loop, () -> {
      NetSocket socket = track(Net.connect(options));
      assertTrue(socket.connecting());
      assertTrue(socket.pending());
      assertEquals("opening", socket.readyState());
      socket.write("one ");
      socket.write("two ");
      socket.end("three");
      return new SocketRecorder(socket);
    });
    assertEquals(false, await(client.closed));
    assertEquals("one two three", client.text());
  }

  @Test
  void countsBytesReadAndWritten() {
    NetServer server = echoServer(new NetServerOptions());
    SocketRecorder client = connectRecorded(to(server));
    NetSocket socket = client.socket;
    run(loop, () -> socket.end("12345"));
    await(client.closed);
    assertEquals(5L, call(loop, socket::bytesRead));
    assertEquals(5L, call(loop, socket::bytesWritten));
  }

  @Test
  void reportsAddressesOfBothEnds() {
    CompletableFuture<List<Object>> serverSide = new CompletableFuture<>();
    NetServer server = listening(new NetServerOptions(), s -> serverSide.complete(
        List.of(s.remoteAddress(), s.remotePort(), s.remoteFamily(), s.localPort())));
    int port = port(server);
    CompletableFuture<Void> connected = new CompletableFuture<>();
    NetConnectOptions options = to(server);
    NetSocket socket = call(loop, () -> Net.connect(options, () -> connected.complete(null)));
    track(socket);
    await(connected);
    List<Object> client = call(loop, () -> List.of(socket.remoteAddress(), socket.remotePort(), socket.remoteFamily(),
        socket.localAddress(), socket.localPort(), socket.address(), socket.readyState()));
    assertEquals("127.0.0.1", client.get(0));
    assertEquals(port, client.get(1));
    assertEquals("IPv4", client.get(2));
    assertEquals("127.0.0.1", client.get(3));
    int localPort = (Integer) client.get(4);
    assertEquals(new AddressInfo("127.0.0.1", "IPv4", localPort), client.get(5));
    assertEquals("open", client.get(6));
    assertEquals(List.of("127.0.0.1", localPort, "IPv4", port), await(serverSide));

    // Node remembers the peer once it was read, and forgets the local address on close
    CompletableFuture<Boolean> closed = new CompletableFuture<>();
    run(loop, () -> {
      socket.on(Duplex.CLOSE, closed::complete);
      socket.destroy();
    });
    await(closed);
    assertEquals("127.0.0.1", call(loop, socket::remoteAddress));
    assertNull(call(loop, socket::localAddress));
    assertEquals("closed", call(loop, socket::readyState));
  }

  @Test
  void dualStackServerSeesIpv4PeersAsMappedIpv6() {
    CompletableFuture<List<Object>> serverSide = new CompletableFuture<>();
    CompletableFuture<Void> listening = new CompletableFuture<>();
    NetServer server = call(loop, () -> {
      NetServer s = Net.createServer(new NetServerOptions().loop(loop),
          sock -> serverSide.complete(List.of(sock.remoteAddress(), sock.remoteFamily())));
      s.listen(0, () -> listening.complete(null));
      return s;
    });
    track(server);
    await(listening);
    AddressInfo address = call(loop, server::address);
    assertEquals("::", address.address());
    assertEquals("IPv6", address.family());
    connect(new NetConnectOptions().host("127.0.0.1").port(address.port()).loop(loop));
    assertEquals(List.of("::ffff:127.0.0.1", "IPv6"), await(serverSide));
  }

  @Test
  void halfClosedConnectionKeepsWritingWithAllowHalfOpen() {
    List<String> serverEvents = new ArrayList<>();
    NetServer server = listening(new NetServerOptions().allowHalfOpen(true), socket -> {
      socket.on(Duplex.DATA, chunk -> serverEvents.add("data:" + new String(chunk, StandardCharsets.UTF_8)));
      socket.on(Duplex.END, () -> {
        serverEvents.add("end");
        socket.write("still ");
        socket.end("writing");
      });
    });
    NetConnectOptions options = to(server).allowHalfOpen(true);
    SocketRecorder client = call(loop, () -> {
      NetSocket socket = track(Net.connect(options));
      socket.end("request");
      return new SocketRecorder(socket);
    });
    assertEquals(false, await(client.closed));
    assertEquals("still writing", client.text());
    assertEquals(List.of("data:request", "end"), call(loop, () -> List.copyOf(serverEvents)));
    assertEquals(List.of("connect", "ready", "finish", "data", "end", "close:false"), client.events);
  }

  @Test
  void withoutAllowHalfOpenTheSocketEndsWhenThePeerDoes() {
    CompletableFuture<List<String>> serverEvents = new CompletableFuture<>();
    NetServer server = listening(new NetServerOptions(), socket -> {
      List<String> events = new ArrayList<>();
      socket.on(Duplex.END, () -> events.add("end"));
      socket.on(Duplex.FINISH, () -> events.add("finish"));
      socket.on(Duplex.CLOSE, hadError -> {
        events.add("close:" + hadError);
        serverEvents.complete(events);
      });
      socket.resume();
    });
    SocketRecorder client = connectRecorded(to(server));
    NetSocket socket = client.socket;
    run(loop, socket::end);
    assertEquals(List.of("end", "finish", "close:false"), await(serverEvents));
    assertEquals(false, await(client.closed));
  }

  @Test
  void timeoutFiresOnInactivityAndLeavesTheSocketOpen() {
    NetServer server = echoServer(new NetServerOptions());
    CompletableFuture<String> timedOut = new CompletableFuture<>();
    NetSocket socket = connect(to(server));
    run(loop, () -> socket.setTimeout(50, () -> timedOut.complete(socket.readyState())));
    assertEquals("open", await(timedOut));
    assertFalse(call(loop, socket::destroyed));
  }

  @Test
  void timeoutOptionSetsTheSocketTimeout() {
    NetServer server = echoServer(new NetServerOptions());
    CompletableFuture<Void> timedOut = new CompletableFuture<>();
    NetConnectOptions options = to(server).timeout(30);
    NetSocket socket = connect(options);
    run(loop, () -> socket.on(NetSocket.TIMEOUT, () -> timedOut.complete(null)));
    await(timedOut);
  }

  @Test
  void onreadReceivesBytesWithoutDataEvents() {
    NetServer server = listening(new NetServerOptions(), socket -> socket.end("bytes for onread"));
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    List<String> events = new ArrayList<>();
    CompletableFuture<Boolean> closed = new CompletableFuture<>();
    NetConnectOptions options = to(server).onread(buffer -> {
      assertTrue(buffer.isDirect());
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      received.writeBytes(bytes);
      return true;
    });
    run(loop, () -> {
      NetSocket socket = Net.connect(options);
      track(socket);
      socket.on(Duplex.DATA, chunk -> events.add("data"));
      socket.on(Duplex.END, () -> events.add("end"));
      socket.on(Duplex.CLOSE, closed::complete);
    });
    assertEquals(false, await(closed));
    assertEquals("bytes for onread", received.toString(StandardCharsets.UTF_8));
    assertEquals(List.of("end"), events);
  }

  @Test
  void onreadReturningFalsePausesReadingUntilResume() {
    CompletableFuture<NetSocket> accepted = new CompletableFuture<>();
    NetServer server = listening(new NetServerOptions(), accepted::complete);
    List<String> reads = new ArrayList<>();
    CompletableFuture<Void> firstRead = new CompletableFuture<>();
    CompletableFuture<Void> secondRead = new CompletableFuture<>();
    NetConnectOptions options = to(server).onread(buffer -> {
      reads.add(StandardCharsets.UTF_8.decode(buffer).toString());
      if (reads.size() == 1) {
        firstRead.complete(null);
        return false;
      }
      secondRead.complete(null);
      return true;
    });
    NetSocket client = connect(options);
    NetSocket peer = await(accepted);
    run(loop, () -> peer.write("first"));
    await(firstRead);
    // The peer's second write arrives while reading is paused; it must wait for resume()
    CompletableFuture<Void> written = new CompletableFuture<>();
    run(loop, () -> peer.write("second".getBytes(StandardCharsets.UTF_8), e -> written.complete(null)));
    await(written);
    assertEquals(List.of("first"), call(loop, () -> List.copyOf(reads)));
    assertTrue(call(loop, () -> client.bytesRead() == 5));
    run(loop, client::resume);
    await(secondRead);
    assertEquals(List.of("first", "second"), call(loop, () -> List.copyOf(reads)));
  }

  @Test
  void writeFromByteBufferSendsItAndLeavesTheBufferReusable() {
    NetServer server = echoServer(new NetServerOptions());
    SocketRecorder client = connectRecorded(to(server));
    NetSocket socket = client.socket;
    await(client.connected);
    run(loop, () -> {
      ByteBuffer buffer = ByteBuffer.allocateDirect(16);
      buffer.put("first,".getBytes(StandardCharsets.UTF_8)).flip();
      assertTrue(socket.write(buffer));
      assertFalse(buffer.hasRemaining());
      buffer.clear();
      buffer.put("second".getBytes(StandardCharsets.UTF_8)).flip();
      assertTrue(socket.write(buffer));
      socket.end();
    });
    assertEquals(false, await(client.closed));
    assertEquals("first,second", client.text());
    assertEquals(12L, call(loop, socket::bytesWritten));
  }

  /**
   * write(ByteBuffer) is Node's write: false once the bytes reach the high-water mark even when the
   * kernel took them at once, then 'drain'; the callbacks of buffer and byte[] writes run later, in order.
   */
  @Test
  void byteBufferWritesReturnFalseAtTheHighWaterMarkAndDrainInOrderWithByteArrayWrites() {
    NetServer server = echoServer(new NetServerOptions());
    SocketRecorder client = connectRecorded(to(server));
    NetSocket socket = client.socket;
    await(client.connected);
    List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    CompletableFuture<Void> drained = new CompletableFuture<>();
    byte[] big = new byte[call(loop, socket::writableHighWaterMark)];
    Arrays.fill(big, (byte) 'b');
    run(loop, () -> {
      socket.on(Duplex.DRAIN, () -> {
        events.add("drain " + socket.writableLength());
        drained.complete(null);
      });
      ByteBuffer small = ByteBuffer.allocateDirect(5).put("small".getBytes(StandardCharsets.UTF_8)).flip();
      events.add("small " + socket.write(small, e -> events.add("callback small " + e)));
      events.add("bytes " + socket.write("bytes".getBytes(StandardCharsets.UTF_8), e -> events.add("callback bytes " + e)));
      events.add("big " + socket.write(ByteBuffer.wrap(big), e -> events.add("callback big " + e)));
    });
    await(drained);
    run(loop, () -> socket.end());
    assertEquals(false, await(client.closed));
    assertEquals(List.of("small true", "bytes true", "big false", "drain 0", "callback small null",
        "callback bytes null", "callback big null"), events);
    assertEquals("smallbytes" + new String(big, StandardCharsets.UTF_8), client.text());
    assertEquals(10L + big.length, call(loop, socket::bytesWritten));
  }

  @Test
  void largeWriteWithBackpressureArrivesIntact() {
    byte[] payload = new byte[6 * 1024 * 1024];
    new Random(42).nextBytes(payload);
    NetServer server = echoServer(new NetServerOptions());
    SocketRecorder client = connectRecorded(to(server));
    NetSocket socket = client.socket;
    boolean accepted = call(loop, () -> {
      boolean ok = socket.write(payload);
      socket.end(); // as in Node, an ending stream owes no 'drain'
      return ok;
    });
    assertFalse(accepted, "a write past the high-water mark returns false");
    assertEquals(false, await(client.closed));
    assertArrayEquals(payload, client.data.toByteArray());
    assertEquals((long) payload.length, call(loop, socket::bytesRead));
  }

  @Test
  void manySmallWritesUnderBackpressureArriveInOrder() {
    NetServer server = echoServer(new NetServerOptions());
    SocketRecorder client = connectRecorded(to(server));
    NetSocket socket = client.socket;
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    int[] next = {0};
    Runnable[] pump = new Runnable[1];
    pump[0] = () -> {
      while (next[0] < 20_000) {
        byte[] chunk = ("chunk " + next[0]++ + ";").getBytes(StandardCharsets.UTF_8);
        expected.writeBytes(chunk);
        if (!socket.write(chunk)) {
          socket.once(Duplex.DRAIN, pump[0]);
          return;
        }
      }
      socket.end();
    };
    run(loop, pump[0]);
    assertEquals(false, await(client.closed));
    assertArrayEquals(expected.toByteArray(), client.data.toByteArray());
  }

  @Test
  void peerResetGivesEconnreset() throws Exception {
    try (ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      SocketRecorder client = connectRecorded(new NetConnectOptions().host("127.0.0.1").port(peer.getLocalPort()).loop(loop));
      NetSocket socket = client.socket;
      await(client.connected);
      try (Socket accepted = peer.accept()) {
        accepted.setSoLinger(true, 0);
      }
      assertEquals(true, await(client.closed));
      SystemError error = assertInstanceOf(SystemError.class, await(client.error));
      assertEquals("ECONNRESET", error.code());
      assertEquals(-104, error.errno());
      assertEquals("read", error.syscall());
      assertEquals("read ECONNRESET", error.getMessage());
      assertEquals(List.of("connect", "ready", "error", "close:true"), client.events);
    }
  }

  @Test
  void destroyWithErrorEmitsErrorThenClose() {
    NetServer server = echoServer(new NetServerOptions());
    SocketRecorder client = connectRecorded(to(server));
    NetSocket socket = client.socket;
    IllegalStateException cause = new IllegalStateException("gone");
    run(loop, () -> socket.destroy(cause));
    assertEquals(true, await(client.closed));
    assertEquals(cause, await(client.error));
    assertEquals("error", client.events.get(client.events.size() - 2));
  }

  @Test
  void openSocketsKeepTheLoopAliveUntilUnrefd() throws Exception {
    CompletableFuture<NetSocket> accepted = new CompletableFuture<>();
    NetServer server = listening(new NetServerOptions(), accepted::complete);
    SocketRecorder client = connectRecorded(to(server));
    await(client.connected);
    NetSocket peer = await(accepted);
    Thread thread = call(loop, () -> {
      server.unref();
      client.socket.unref();
      return Thread.currentThread();
    });
    thread.join(200);
    assertTrue(thread.isAlive(), "the accepted socket is still referenced");
    run(loop, peer::unref);
    thread.join(LoopTesting.TIMEOUT_SECONDS * 1000);
    assertFalse(thread.isAlive(), "nothing referenced is left, so the loop thread ends");
    // unref'd sockets still work once the loop runs again
    CompletableFuture<String> received = new CompletableFuture<>();
    run(loop, () -> {
      client.socket.ref();
      peer.on(Duplex.DATA, chunk -> received.complete(new String(chunk, StandardCharsets.UTF_8)));
      client.socket.write("after unref");
    });
    assertEquals("after unref", await(received));
  }

  @Test
  void talksToAPlainBlockingPeer() throws Exception {
    try (ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      SocketRecorder client = connectRecorded(new NetConnectOptions().host("127.0.0.1").port(peer.getLocalPort()).loop(loop));
      NetSocket socket = client.socket;
      run(loop, () -> socket.end("ping"));
      try (Socket accepted = peer.accept()) {
        InputStream in = accepted.getInputStream();
        assertEquals("ping", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        OutputStream out = accepted.getOutputStream();
        out.write("pong".getBytes(StandardCharsets.UTF_8));
      }
      assertEquals(false, await(client.closed));
      assertEquals("pong", client.text());
    }
  }
}

package dev.jtls.net;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.call;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.stream.Duplex;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetServerTest extends NetTestBase {
  @TempDir
  Path dir;

  private void listen(NetServer server, int port) {
    CompletableFuture<Void> listening = new CompletableFuture<>();
    run(loop, () -> server.listen(port, "127.0.0.1", () -> listening.complete(null)));
    await(listening);
  }

  private NetSocket connect(int port) {
    return connect(new NetConnectOptions().host("127.0.0.1").port(port));
  }

  private static CompletableFuture<Throwable> errorOf(NetServer server) {
    CompletableFuture<Throwable> error = new CompletableFuture<>();
    server.on(NetServer.ERROR, error::complete);
    return error;
  }

  @Test
  void listenOnPortZeroPicksAFreePort() {
    NetServer server = server(new NetServerOptions(), s -> {});
    assertFalse(call(loop, server::listening));
    listen(server, 0);
    AddressInfo address = call(loop, server::address);
    assertEquals("127.0.0.1", address.address());
    assertEquals("IPv4", address.family());
    assertTrue(address.port() > 0);
    assertTrue(call(loop, server::listening));
  }

  @Test
  void listenWithoutHostIsDualStack() {
    NetServer server = server(new NetServerOptions(), s -> {});
    CompletableFuture<Void> listening = new CompletableFuture<>();
    run(loop, () -> server.listen(0, () -> listening.complete(null)));
    await(listening);
    AddressInfo address = call(loop, server::address);
    assertEquals(new AddressInfo("::", "IPv6", address.port()), address);
  }

  @Test
  void addressInUseIsEaddrinuse() {
    NetServer first = server(new NetServerOptions(), s -> {});
    listen(first, 0);
    int port = call(loop, () -> first.address().port());
    NetServer second = server(new NetServerOptions(), s -> {});
    CompletableFuture<Throwable> error = call(loop, () -> errorOf(second));
    run(loop, () -> second.listen(port, "127.0.0.1"));
    SystemError e = assertInstanceOf(SystemError.class, await(error));
    assertEquals("EADDRINUSE", e.code());
    assertEquals(-98, e.errno());
    assertEquals("listen", e.syscall());
    assertEquals("127.0.0.1", e.address());
    assertEquals(port, e.port());
    assertEquals("listen EADDRINUSE: address already in use 127.0.0.1:" + port, e.getMessage());
    assertFalse(call(loop, second::listening));
  }

  @Test
  void unixSocketPathThatExistsIsEaddrinuse() throws Exception {
    Path path = Files.createFile(dir.resolve("taken.sock"));
    NetServer server = server(new NetServerOptions(), s -> {});
    CompletableFuture<Throwable> error = call(loop, () -> errorOf(server));
    run(loop, () -> server.listen(path.toString()));
    SystemError e = assertInstanceOf(SystemError.class, await(error));
    assertEquals("EADDRINUSE", e.code());
    assertEquals("listen EADDRINUSE: address already in use " + path, e.getMessage());
    assertEquals(path.toString(), e.address());
    assertEquals(-1, e.port());
    assertTrue(Files.exists(path), "Node removes nothing that was there");
  }

  @Test
  void closingAUnixServerRemovesItsSocketFile() {
    Path path = dir.resolve("server.sock");
    NetServer server = server(new NetServerOptions(), s -> {});
    CompletableFuture<Void> listening = new CompletableFuture<>();
    run(loop, () -> server.listen(path.toString(), () -> listening.complete(null)));
    await(listening);
    assertTrue(Files.exists(path));
    CompletableFuture<Void> closed = new CompletableFuture<>();
    run(loop, () -> server.close(() -> closed.complete(null)));
    await(closed);
    assertFalse(Files.exists(path));
  }

  @Test
  void listeningTwiceThrowsSynchronously() {
    NetServer server = server(new NetServerOptions(), s -> {});
    listen(server, 0);
    NodeError e = assertThrows(NodeError.class, () -> server.listen(0));
    assertEquals("ERR_SERVER_ALREADY_LISTEN", e.code());
  }

  @Test
  void badPortThrowsSynchronously() {
    NetServer server = server(new NetServerOptions(), s -> {});
    NodeError e = assertThrows(NodeError.class, () -> server.listen(70000));
    assertEquals("ERR_SOCKET_BAD_PORT", e.code());
    assertEquals("options.port should be >= 0 and < 65536. Received type number (70000).", e.getMessage());
  }

  @Test
  void closeWaitsForOpenConnectionsBeforeClose() {
    List<String> events = new CopyOnWriteArrayList<>();
    CompletableFuture<NetSocket> accepted = new CompletableFuture<>();
    NetServer server = server(new NetServerOptions(), socket -> {
      socket.pipe(socket);
      socket.on(Duplex.CLOSE, hadError -> events.add("connection closed"));
      accepted.complete(socket);
    });
    listen(server, 0);
    int port = call(loop, () -> server.address().port());
    NetSocket client = connect(port);
    await(accepted);

    CompletableFuture<Void> serverClosed = new CompletableFuture<>();
    run(loop, () -> server.close(() -> {
      events.add("server close");
      serverClosed.complete(null);
    }));
    assertFalse(call(loop, server::listening));

    // the open connection still works after close(), and 'close' has not been emitted
    CompletableFuture<String> echoed = new CompletableFuture<>();
    run(loop, () -> {
      client.on(Duplex.DATA, chunk -> echoed.complete(new String(chunk, StandardCharsets.UTF_8)));
      client.write("still here");
    });
    assertEquals("still here", await(echoed));
    assertEquals(List.of(), events);
    assertEquals(1, call(loop, server::connections));

    // a new connection is refused
    SocketRecorder late = connectRecorded(new NetConnectOptions().host("127.0.0.1").port(port));
    assertEquals("ECONNREFUSED", ((SystemError) await(late.error)).code());

    run(loop, client::end);
    await(serverClosed);
    assertEquals(List.of("connection closed", "server close"), events);
  }

  @Test
  void closeOnAServerNotListeningPassesErrServerNotRunning() {
    NetServer server = server(new NetServerOptions(), s -> {});
    CompletableFuture<Throwable> result = new CompletableFuture<>();
    run(loop, () -> server.close(result::complete));
    NodeError e = assertInstanceOf(NodeError.class, await(result));
    assertEquals("ERR_SERVER_NOT_RUNNING", e.code());
    assertEquals("Server is not running.", e.getMessage());
  }

  @Test
  void closeCallbackGetsNullForARunningServer() {
    NetServer server = server(new NetServerOptions(), s -> {});
    listen(server, 0);
    CompletableFuture<Throwable> result = new CompletableFuture<>();
    run(loop, () -> server.close(error -> result.complete(error)));
    assertNull(await(result));
  }

  @Test
  void acceptedSocketsGoThroughConnectionAccepted() {
    CompletableFuture<NetSocket> hooked = new CompletableFuture<>();
    List<String> events = new CopyOnWriteArrayList<>();
    NetServer server = call(loop, () -> new NetServer(loop, new NetServerOptions()) {
      @Override
      protected void connectionAccepted(NetSocket socket) {
        hooked.complete(socket);
        super.connectionAccepted(socket);
      }
    });
    track(server);
    run(loop, () -> server.on(NetServer.CONNECTION, s -> events.add("connection")));
    listen(server, 0);
    connect(call(loop, () -> server.address().port()));
    NetSocket accepted = await(hooked);
    assertEquals(List.of("connection"), call(loop, () -> List.copyOf(events)));
    assertFalse(call(loop, accepted::connecting));
    assertEquals("open", call(loop, accepted::readyState));
  }

  @Test
  void pauseOnConnectReadsNothingUntilResume() {
    CompletableFuture<NetSocket> accepted = new CompletableFuture<>();
    NetServer server = server(new NetServerOptions().pauseOnConnect(true), accepted::complete);
    listen(server, 0);
    NetSocket client = connect(call(loop, () -> server.address().port()));
    NetSocket socket = await(accepted);
    assertTrue(call(loop, socket::isPaused));
    CompletableFuture<Void> sent = new CompletableFuture<>();
    run(loop, () -> client.write("waiting".getBytes(StandardCharsets.UTF_8), e -> sent.complete(null)));
    await(sent);
    CompletableFuture<String> received = new CompletableFuture<>();
    run(loop, () -> {
      socket.on(Duplex.DATA, chunk -> received.complete(new String(chunk, StandardCharsets.UTF_8)));
      assertEquals(0L, socket.bytesRead());
      socket.resume();
    });
    assertEquals("waiting", await(received));
  }

  @Test
  void acceptedSocketsTakeTheServersAllowHalfOpen() {
    CompletableFuture<Boolean> allowHalfOpen = new CompletableFuture<>();
    NetServer server = server(new NetServerOptions().allowHalfOpen(true), s -> allowHalfOpen.complete(s.allowHalfOpen()));
    listen(server, 0);
    connect(call(loop, () -> server.address().port()));
    assertTrue(await(allowHalfOpen));
  }

  /** Node's test-net-server-drop-connections and max-connections-close-makes-more-available. */
  @Test
  void maxConnectionsDropsTheExtraOnesAndAClosedOneMakesRoom() {
    List<NetSocket> accepted = new CopyOnWriteArrayList<>();
    NetServer server = server(new NetServerOptions(), socket -> {
      accepted.add(socket);
      socket.resume(); // flowing, so the client's close ends and closes it
    });
    CompletableFuture<DroppedConnection> dropped = new CompletableFuture<>();
    run(loop, () -> {
      server.maxConnections(1);
      server.on(NetServer.DROP, dropped::complete);
    });
    listen(server, 0);
    int port = call(loop, () -> server.address().port());
    SocketRecorder first = connectRecorded(new NetConnectOptions().host("127.0.0.1").port(port));
    await(first.connected);
    CompletableFuture<Integer> secondPort = new CompletableFuture<>();
    SocketRecorder second = call(loop, () -> {
      NetSocket socket = track(Net.connect(new NetConnectOptions().host("127.0.0.1").port(port).loop(loop)));
      socket.on(NetSocket.CONNECT, () -> secondPort.complete(socket.localPort()));
      return new SocketRecorder(socket);
    });
    DroppedConnection drop = await(dropped);
    assertEquals(port, drop.localPort());
    assertEquals(await(secondPort), drop.remotePort());
    assertEquals("127.0.0.1", drop.remoteAddress());
    await(second.closed);
    assertEquals(1, call(loop, server::connections));

    CompletableFuture<Integer> countAfterClose = new CompletableFuture<>();
    run(loop, () -> accepted.get(0).on(Duplex.CLOSE, hadError -> countAfterClose.complete(server.connections())));
    run(loop, first.socket::destroy);
    assertEquals(0, await(countAfterClose));
    SocketRecorder third = connectRecorded(new NetConnectOptions().host("127.0.0.1").port(port));
    await(third.connected);
    CompletableFuture<Integer> counted = new CompletableFuture<>();
    run(loop, () -> server.getConnections((error, count) -> counted.complete(count)));
    assertEquals(1, await(counted));
  }
}

package dev.jtls.net;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.call;
import static dev.jtls.net.LoopTesting.run;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;

/** A loop per test class, and the servers and sockets a test made, all closed after each test. */
abstract class NetTestBase {
  protected final EventLoop loop = EventLoop.create(getClass().getSimpleName());
  private final List<NetServer> servers = new CopyOnWriteArrayList<>();
  private final List<NetSocket> sockets = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeEverything() {
    run(loop, () -> {
      sockets.forEach(NetSocket::destroy);
      servers.forEach(NetServer::close);
    });
  }

  /** Closes {@code server} after the test. */
  protected final <S extends NetServer> S track(S server) {
    servers.add(server);
    return server;
  }

  /** Destroys {@code socket} after the test. */
  protected final NetSocket track(NetSocket socket) {
    sockets.add(socket);
    return socket;
  }

  /** A new server on this loop, not yet listening. */
  protected final NetServer server(NetServerOptions options, Consumer<NetSocket> onConnection) {
    return call(loop, () -> track(Net.createServer(options.loop(loop), onConnection)));
  }

  /** A new server listening on 127.0.0.1 on a free port. */
  protected final NetServer listening(NetServerOptions options, Consumer<NetSocket> onConnection) {
    NetServer server = server(options, onConnection);
    CompletableFuture<Void> listening = new CompletableFuture<>();
    run(loop, () -> {
      server.once(NetServer.ERROR, listening::completeExceptionally);
      server.listen(0, "127.0.0.1", () -> listening.complete(null));
    });
    await(listening);
    return server;
  }

  /** A server on 127.0.0.1 that sends back everything it receives and ends when the client ends. */
  protected final NetServer echoServer(NetServerOptions options) {
    return listening(options, socket -> socket.pipe(socket));
  }

  protected final int port(NetServer server) {
    return call(loop, () -> server.address().port());
  }

  /** Options to connect to {@code server} on this loop. */
  protected final NetConnectOptions to(NetServer server) {
    return new NetConnectOptions().host("127.0.0.1").port(port(server)).loop(loop);
  }

  protected final NetSocket connect(NetConnectOptions options) {
    return call(loop, () -> track(Net.connect(options.loop(loop))));
  }

  /** Connects with {@code options} and records the new socket's events from the start. */
  protected final SocketRecorder connectRecorded(NetConnectOptions options) {
    return call(loop, () -> new SocketRecorder(track(Net.connect(options.loop(loop)))));
  }
}

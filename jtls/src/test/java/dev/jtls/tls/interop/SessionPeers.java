package dev.jtls.tls.interop;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.call;
import static dev.jtls.net.LoopTesting.run;

import dev.jtls.net.EventLoop;
import dev.jtls.stream.Duplex;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * jtls servers that end each connection at once, and clients that record their sessions, for the
 * resumption tests. Servers and clients live on this object's loop and are set up in a task on it,
 * so no event can fire before the listeners are added (a socket on another loop could finish its
 * whole connection before a listener added from this loop's thread arrives).
 */
final class SessionPeers {
  private final EventLoop loop;

  SessionPeers(EventLoop loop) {
    this.loop = loop;
  }

  EventLoop loop() {
    return loop;
  }

  /** What one client connection saw, until it closed. */
  record Outcome(List<String> events, List<byte[]> sessions, boolean reused, byte[] session, List<byte[]> tickets) {}

  /**
   * Connects, waits for 'secureConnect' (and for a first 'session' when {@code awaitSession}),
   * then ends the connection and waits for 'close'.
   */
  Outcome connect(ConnectOptions options, boolean awaitSession) {
    List<String> events = new CopyOnWriteArrayList<>();
    List<byte[]> sessions = new CopyOnWriteArrayList<>();
    List<byte[]> tickets = new CopyOnWriteArrayList<>();
    CompletableFuture<Outcome> secured = new CompletableFuture<>();
    CompletableFuture<Void> sessionSeen = new CompletableFuture<>();
    CompletableFuture<Void> closed = new CompletableFuture<>();
    TlsSocket socket = call(loop, () -> {
      TlsSocket s = Tls.connect(options.loop(loop).host("127.0.0.1").servername("localhost").ca(Identity.ROOT_CA));
      s.on(TlsSocket.SECURE_CONNECT, () -> {
        events.add("secureConnect");
        secured.complete(new Outcome(events, sessions, s.isSessionReused(), s.getSession(), tickets));
      });
      s.on(TlsSocket.SESSION, bytes -> {
        events.add("session");
        sessions.add(bytes);
        byte[] ticket = s.getTLSTicket();
        if (ticket != null) {
          tickets.add(ticket);
        }
        sessionSeen.complete(null);
      });
      s.on(Duplex.ERROR, e -> secured.completeExceptionally(e));
      s.on(Duplex.CLOSE, hadError -> closed.complete(null));
      return s;
    });
    Outcome outcome = await(secured);
    if (awaitSession) {
      await(sessionSeen);
    }
    run(loop, socket::end);
    await(closed);
    return outcome;
  }

  static ConnectOptions client(int port, String version) {
    return new ConnectOptions().port(port).maxVersion(version);
  }

  TlsServer listen(String version) {
    return listen(version, server -> {});
  }

  /** A server for {@code version}, set up by {@code configure} before it listens. */
  TlsServer listen(String version, Consumer<TlsServer> configure) {
    CompletableFuture<TlsServer> listening = new CompletableFuture<>();
    run(loop, () -> {
      TlsServer server = Tls.createServer(new ServerOptions().loop(loop).key(Identity.RSA_SERVER.key())
          .cert(Identity.RSA_SERVER.chain()).maxVersion(version), socket -> {
            socket.on(Duplex.ERROR, e -> {});
            socket.end();
          });
      configure.accept(server);
      server.listen(0, "127.0.0.1", () -> listening.complete(server));
    });
    return await(listening);
  }

  void close(TlsServer server) {
    CompletableFuture<Void> closed = new CompletableFuture<>();
    run(loop, () -> server.close(e -> closed.complete(null)));
    await(closed);
  }

}

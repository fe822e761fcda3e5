package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.call;
import static dev.jtls.net.LoopTesting.run;

import dev.jtls.net.EventLoop;
import dev.jtls.net.NetServer;
import dev.jtls.stream.Duplex;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Servers and clients for the error-path tests. Each is made, and its listeners attached, in one
 * task on the default loop, so no event fires before the test listens for it; every server is
 * closed by {@link #close()}.
 */
final class LoopPeers implements AutoCloseable {
  static final Path PKI = Path.of("src/test/resources/pki");

  private final EventLoop loop = EventLoop.defaultLoop();
  private final List<NetServer> servers = new CopyOnWriteArrayList<>();

  EventLoop loop() {
    return loop;
  }

  /** Listens on an ephemeral 127.0.0.1 port with the server {@code factory} makes on the loop; returns the port. */
  int listen(Supplier<? extends NetServer> factory) {
    CompletableFuture<Integer> port = new CompletableFuture<>();
    run(loop, () -> {
      NetServer server = factory.get();
      servers.add(server);
      server.listen(0, "127.0.0.1", () -> port.complete(server.address().port()));
    });
    return await(port);
  }

  /**
   * Listens with a TLS server whose secure connections are ended at once (their late errors, such
   * as a client resetting, ignored); returns the port.
   */
  int listenTls(ServerOptions options) {
    return listen(() -> Tls.createServer(options, socket -> {
      socket.on(Duplex.ERROR, e -> {});
      socket.end();
    }));
  }

  /** The files of the test PKI, concatenated: a certificate chain for the {@code cert} option. */
  static byte[] pem(String... files) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String file : files) {
      try {
        out.write(Files.readAllBytes(PKI.resolve(file)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out.toByteArray();
  }

  /** {@code Tls.connect(options)} on the loop, recording everything the socket reports. */
  Client connect(ConnectOptions options) {
    return connect(options, socket -> {});
  }

  /** As {@link #connect(ConnectOptions)}, then {@code andThen} on the new socket, in the same loop task. */
  Client connect(ConnectOptions options, Consumer<TlsSocket> andThen) {
    return call(loop, () -> {
      Client client = new Client(Tls.connect(options));
      andThen.accept(client.socket);
      return client;
    });
  }

  /** Closes every server this made and waits until each has closed. */
  @Override
  public void close() {
    for (NetServer server : servers) {
      CompletableFuture<Void> closed = new CompletableFuture<>();
      run(loop, () -> server.close(e -> closed.complete(null)));
      await(closed);
    }
    servers.clear();
  }

  /** The authorization verdict a client saw at 'secureConnect'. */
  record Authorization(boolean authorized, String authorizationError) {}

  /** What a client socket went through, in order, until 'close'. */
  static final class Client {
    final TlsSocket socket;
    final List<String> events = new CopyOnWriteArrayList<>();
    final CompletableFuture<Authorization> secureConnect = new CompletableFuture<>();
    final CompletableFuture<Throwable> error = new CompletableFuture<>();
    final CompletableFuture<Boolean> closed = new CompletableFuture<>();

    Client(TlsSocket socket) {
      this.socket = socket;
      socket.on(TlsSocket.SECURE_CONNECT, () -> {
        events.add("secureConnect");
        secureConnect.complete(new Authorization(socket.authorized(), socket.authorizationError()));
      });
      socket.on(Duplex.DATA, chunk -> events.add("data"));
      socket.on(Duplex.ERROR, e -> {
        events.add("error");
        error.complete(e);
      });
      socket.on(Duplex.END, () -> events.add("end"));
      socket.on(Duplex.CLOSE, hadError -> {
        events.add("close");
        closed.complete(hadError);
      });
    }

    /** The error the socket was destroyed with; fails the test unless it closed with one. */
    Throwable failure() {
      await(closed);
      if (!error.isDone()) {
        throw new AssertionError("closed without an error; events " + events);
      }
      return await(error);
    }

    /** Ends the connection and waits for 'close'. */
    void closeAndWait() {
      run(socket.loop(), socket::destroy);
      await(closed);
    }
  }
}

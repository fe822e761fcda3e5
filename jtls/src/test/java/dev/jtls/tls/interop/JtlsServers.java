package dev.jtls.tls.interop;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.run;

import dev.jtls.net.EventLoop;
import dev.jtls.tls.TlsServer;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** jtls servers of one interop test: each made and listening on 127.0.0.1 in one loop task, all closed at the end. */
final class JtlsServers implements AutoCloseable {
  private TlsServer server;

  /** Makes the server with {@code factory} on the loop and listens on an ephemeral port; returns the port. */
  int listen(Supplier<TlsServer> factory) {
    CompletableFuture<Integer> port = new CompletableFuture<>();
    run(EventLoop.defaultLoop(), () -> {
      server = factory.get();
      server.listen(0, "127.0.0.1", () -> port.complete(server.address().port()));
    });
    return await(port);
  }

  /** The server listening now. */
  TlsServer server() {
    return server;
  }

  /** Closes the server, if one listens, and waits until it has closed. */
  @Override
  public void close() {
    if (server != null) {
      TlsServer closing = server;
      server = null;
      CompletableFuture<Void> closed = new CompletableFuture<>();
      run(EventLoop.defaultLoop(), () -> closing.close(() -> closed.complete(null)));
      await(closed);
    }
  }
}

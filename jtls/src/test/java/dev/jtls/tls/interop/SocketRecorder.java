package dev.jtls.tls.interop;

import static dev.jtls.net.LoopTesting.await;

import dev.jtls.events.NodeError;
import dev.jtls.net.EventLoop;
import dev.jtls.net.LoopTesting;
import dev.jtls.stream.Duplex;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsSocket;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A jtls TLS socket under test with everything it emits recorded: the order of its events, the
 * bytes it read, and futures for the moments tests wait on. Listeners are added on the loop
 * thread before anything can be emitted.
 */
final class SocketRecorder {
  final TlsSocket socket;
  /** Event names in emission order: secure, secureConnect, end, close, close(hadError), error:CODE. */
  final List<String> events = new CopyOnWriteArrayList<>();
  final CompletableFuture<Void> secure = new CompletableFuture<>();
  final CompletableFuture<Void> ended = new CompletableFuture<>();
  final CompletableFuture<Boolean> closed = new CompletableFuture<>();
  final CompletableFuture<Throwable> error = new CompletableFuture<>();
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();

  private SocketRecorder(TlsSocket socket, boolean client) {
    this.socket = socket;
    socket.on(TlsSocket.SECURE, () -> events.add("secure"));
    if (client) {
      socket.on(TlsSocket.SECURE_CONNECT, () -> {
        events.add("secureConnect");
        secure.complete(null);
      });
    } else {
      secure.complete(null);
    }
    socket.on(Duplex.DATA, this::onData);
    socket.on(Duplex.END, () -> {
      events.add("end");
      ended.complete(null);
    });
    socket.on(Duplex.ERROR, e -> {
      events.add("error:" + (e instanceof NodeError ne ? ne.code() : e));
      error.complete(e);
      secure.completeExceptionally(e);
    });
    socket.on(Duplex.CLOSE, hadError -> {
      events.add(hadError ? "close(hadError)" : "close");
      closed.complete(hadError);
      secure.completeExceptionally(new AssertionError("closed before secureConnect: " + events));
    });
  }

  /** {@code Tls.connect(options)} on the default loop, recorded from the start. */
  static SocketRecorder connect(ConnectOptions options) {
    return connect(() -> Tls.connect(options));
  }

  /** A client socket made by {@code connect} on the default loop, recorded from the start. */
  static SocketRecorder connect(Supplier<TlsSocket> connect) {
    return LoopTesting.call(EventLoop.defaultLoop(), () -> new SocketRecorder(connect.get(), true));
  }

  /** Records a server-side socket; call on the loop thread (from 'secureConnection'). */
  static SocketRecorder accepted(TlsSocket socket) {
    return new SocketRecorder(socket, false);
  }

  private synchronized void onData(byte[] chunk) {
    received.writeBytes(chunk);
    notifyAll();
  }

  /** Waits until the bytes read contain {@code expected}. */
  synchronized void awaitReceived(byte[] expected) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LoopTesting.TIMEOUT_SECONDS);
    while (!Payloads.contains(received.toByteArray(), expected)) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        throw new AssertionError("read " + received.size() + " bytes without the " + expected.length + " expected; events " + events);
      }
      try {
        wait(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Runs {@code action} with the socket on its loop thread and waits for it. */
  void onLoop(Consumer<TlsSocket> action) {
    LoopTesting.run(socket.loop(), () -> action.accept(socket));
  }

  /** Waits for the handshake to complete (the client's 'secureConnect'); rethrows its error. */
  void awaitSecure() {
    await(secure);
  }

  /** Destroys the socket if still open and waits for 'close'. */
  void destroy() {
    onLoop(TlsSocket::destroy);
    await(closed);
  }
}

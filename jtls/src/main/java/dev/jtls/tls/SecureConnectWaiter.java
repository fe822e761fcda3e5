package dev.jtls.tls;

import dev.jtls.events.NodeError;
import dev.jtls.stream.Duplex;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Settles {@link Tls#connectAsync}'s future from the socket's events: 'secureConnect' completes it,
 * 'error' fails it, 'close' without either fails it with ERR_SOCKET_CLOSED. Its listeners are
 * removed once it settles, so later errors reach the user's listeners (or the loop's uncaught
 * handler) as they would without it.
 */
final class SecureConnectWaiter {
  private final TlsSocket socket;
  private final CompletableFuture<TlsSocket> future;
  private final Runnable onSecureConnect = this::secureConnect;
  private final Consumer<Throwable> onError = this::failed;
  private final Consumer<Boolean> onClose = this::closed;

  private SecureConnectWaiter(TlsSocket socket, CompletableFuture<TlsSocket> future) {
    this.socket = socket;
    this.future = future;
  }

  /** On the socket's loop, before the connection starts. */
  static void attach(TlsSocket socket, CompletableFuture<TlsSocket> future) {
    SecureConnectWaiter waiter = new SecureConnectWaiter(socket, future);
    socket.once(TlsSocket.SECURE_CONNECT, waiter.onSecureConnect);
    socket.once(Duplex.ERROR, waiter.onError);
    socket.once(Duplex.CLOSE, waiter.onClose);
  }

  private void secureConnect() {
    detach();
    future.complete(socket);
  }

  private void failed(Throwable error) {
    detach();
    future.completeExceptionally(error);
  }

  private void closed(boolean hadError) {
    detach();
    future.completeExceptionally(new NodeError("ERR_SOCKET_CLOSED", "Socket is closed"));
  }

  private void detach() {
    socket.off(TlsSocket.SECURE_CONNECT, onSecureConnect);
    socket.off(Duplex.ERROR, onError);
    socket.off(Duplex.CLOSE, onClose);
  }
}

package dev.jtls.tls;

import dev.jtls.events.Event;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetSocket;

/**
 * Node's {@code tls.Server}: a {@link NetServer} whose connections are wrapped in server-side
 * {@link TlsSocket}s. Listen, address and close are NetServer's; 'connection' still carries the
 * raw socket, before the handshake begins.
 */
public class TlsServer extends NetServer {
  /** {@code 'secureConnection'}: a handshake completed; the socket is ready for the user. */
  public static final Event<TlsSocket> SECURE_CONNECTION = Event.of("secureConnection", TlsSocket.class);
  /** {@code 'keylog'}: key material of one of this server's connections (see {@link TlsSocket#KEYLOG}). */
  public static final Event<Keylog> KEYLOG = Event.of("keylog", Keylog.class);
  /** {@code 'tlsClientError'}: a connection failed before it was secure. */
  public static final Event<TlsClientError> TLS_CLIENT_ERROR = Event.of("tlsClientError", TlsClientError.class);

  private final ServerOptions options;
  private SecureContext context;

  TlsServer(ServerOptions options) {
    super(options.loopOrDefault(), options.netServerOptions());
    this.options = options;
    this.context = SecureContext.create(options);
    on(CLOSE, this::releaseContext);
  }

  @Override
  protected void connectionAccepted(NetSocket socket) {
    emit(CONNECTION, socket);
    if (socket.destroyed()) {
      return;
    }
    if (context == null) {
      context = SecureContext.create(options);
    }
    TlsSocket tlsSocket = new TlsSocket(socket, new TlsSocketConfig(context, false, true, this,
        options.requestCert(), options.rejectUnauthorized(), null, null, null, options.handshakeTimeout(), false,
        options.allowHalfOpen(), true, options.alpnProtocols()));
    if (listenerCount(KEYLOG) > 0) {
      tlsSocket.on(TlsSocket.KEYLOG, line -> emit(KEYLOG, new Keylog(line, tlsSocket)));
    }
  }

  void secureConnection(TlsSocket socket) {
    emit(SECURE_CONNECTION, socket);
  }

  void tlsClientError(Throwable error, TlsSocket socket) {
    emit(TLS_CLIENT_ERROR, new TlsClientError(error, socket));
  }

  /** The server closed: its context is released (and rebuilt if it listens again). */
  private void releaseContext() {
    if (context != null) {
      context.close();
      context = null;
    }
  }
}

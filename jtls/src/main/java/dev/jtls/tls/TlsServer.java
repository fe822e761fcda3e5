package dev.jtls.tls;

import dev.jtls.events.Event;
import dev.jtls.events.NodeError;
import dev.jtls.internal.openssl.TicketKeys;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

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
  /**
   * {@code 'newSession'}: a session was made for a connection (see {@link NewSession}); that
   * connection's outgoing data waits for the callback. Only connections accepted after a listener
   * was added emit it.
   */
  public static final Event<NewSession> NEW_SESSION = Event.of("newSession", NewSession.class);
  /**
   * {@code 'resumeSession'}: a client offers a session ID (see {@link ResumeSession}); its
   * handshake waits at the ClientHello for the callback. Only connections accepted after a
   * listener was added emit it; none is emitted for a client that offers a TLSv1.2 ticket.
   */
  public static final Event<ResumeSession> RESUME_SESSION = Event.of("resumeSession", ResumeSession.class);
  /** {@code 'tlsClientError'}: a connection failed before it was secure. */
  public static final Event<TlsClientError> TLS_CLIENT_ERROR = Event.of("tlsClientError", TlsClientError.class);

  private final ServerOptions options;
  private final List<AddedContext> addedContexts = new CopyOnWriteArrayList<>();
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
        options.allowHalfOpen(), true, options.alpnProtocols(), sniCallback()));
    if (listenerCount(KEYLOG) > 0) {
      tlsSocket.on(TlsSocket.KEYLOG, line -> emit(KEYLOG, new Keylog(line, tlsSocket)));
    }
  }

  /**
   * Node's {@code server.addContext(hostname, context)}: connections whose SNI name matches
   * {@code hostname} (which may hold {@code *} wildcards for one label's characters) are served from
   * {@code context}, a SecureContext or createSecureContext options; the latest added match wins.
   */
  public TlsServer addContext(String hostname, Object context) {
    if (hostname == null || hostname.isEmpty()) {
      throw new NodeError("ERR_TLS_REQUIRED_SERVER_NAME", "\"servername\" is required parameter for Server.addContext");
    }
    SecureContext secureContext = switch (context) {
      case SecureContext given -> given;
      case SecureContextOptions options -> SecureContext.create(options);
      case Map<?, ?> map -> SecureContext.create(SecureContextOptions.fromMap(stringKeys(map)));
      case null, default -> throw NodeError.invalidArgType("context", "an instance of SecureContext or Object", context);
    };
    addedContexts.add(new AddedContext(namePattern(hostname), secureContext, secureContext != context));
    return this;
  }

  /** The SNI callback for this server's new connections: the user's, or a search of the added contexts. */
  private SniCallback sniCallback() {
    if (options.sniCallback() != null) {
      return options.sniCallback();
    }
    return addedContexts.isEmpty() ? null : this::selectAddedContext;
  }

  private void selectAddedContext(String servername, BiConsumer<Throwable, SecureContext> callback) {
    for (int i = addedContexts.size() - 1; i >= 0; i--) {
      AddedContext added = addedContexts.get(i);
      if (added.name().matcher(servername).matches()) {
        callback.accept(null, added.context());
        return;
      }
    }
    callback.accept(null, null);
  }

  /** Node's translation of an addContext name: regex specials escaped, each {@code *} any run of non-dots. */
  private static Pattern namePattern(String hostname) {
    StringBuilder regex = new StringBuilder();
    for (char c : hostname.toCharArray()) {
      if (c == '*') {
        regex.append("[^.]*");
      } else if (".^$+?-\\[]{}".indexOf(c) >= 0) {
        regex.append('\\').append(c);
      } else {
        regex.append(c);
      }
    }
    return Pattern.compile(regex.toString());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> stringKeys(Map<?, ?> map) {
    return (Map<String, ?>) map;
  }

  private record AddedContext(Pattern name, SecureContext context, boolean owned) {}

  /**
   * Node's {@code server.getTicketKeys()}: the 48 bytes (16-byte name, 16-byte HMAC secret,
   * 16-byte AES key) new session tickets are sealed under; random per server unless set.
   */
  public byte[] getTicketKeys() {
    return TicketKeys.of(ticketContext().handle()).get();
  }

  /**
   * Node's {@code server.setTicketKeys(keys)}: new tickets are sealed under {@code keys} (48 bytes
   * in {@link #getTicketKeys()}' layout) from now on, also by connections already in their
   * handshake. Tickets sealed under the keys this call replaces still open (and are renewed under
   * the new keys) until the next call, so rotating no more often than {@code sessionTimeout} costs
   * no full handshakes. Servers (on any loops or machines) with the same keys resume each other's
   * tickets.
   */
  public void setTicketKeys(byte[] keys) {
    if (keys == null) {
      throw NodeError.invalidArgType("buffer", "an instance of Buffer, TypedArray, or DataView", null);
    }
    if (keys.length != TicketKeys.LENGTH) {
      throw new NodeError("ERR_ASSERTION", "Session ticket keys must be a 48-byte buffer");
    }
    TicketKeys.of(ticketContext().handle()).set(keys);
  }

  private SecureContext ticketContext() {
    if (context == null) {
      context = SecureContext.create(options);
    }
    return context;
  }

  void secureConnection(TlsSocket socket) {
    emit(SECURE_CONNECTION, socket);
  }

  void tlsClientError(Throwable error, TlsSocket socket) {
    emit(TLS_CLIENT_ERROR, new TlsClientError(error, socket));
  }

  /**
   * The server closed: its context is released (and rebuilt if it listens again), and so are the
   * contexts addContext made from options (those the user passed in stay the user's).
   */
  private void releaseContext() {
    if (context != null) {
      context.close();
      context = null;
    }
    for (AddedContext added : addedContexts) {
      if (added.owned()) {
        added.context().close();
      }
    }
    addedContexts.removeIf(AddedContext::owned);
  }
}

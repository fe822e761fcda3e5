package dev.jtls.tls;

import dev.jtls.events.Event;
import dev.jtls.events.NodeError;
import dev.jtls.internal.openssl.TicketKeys;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
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
  /**
   * {@code 'certificateReload'} (jtls): a watched key and certificate changed on disk and new
   * connections are now served from them (see {@link #watchCertificates}).
   */
  public static final Event<Void> CERTIFICATE_RELOAD = Event.of("certificateReload");
  /**
   * {@code 'certificateReloadError'} (jtls): watched files changed but do not make a context (a
   * bad or mismatched key or certificate, an unreadable file); the previous context stays in use.
   * Unlike 'error', it needs no listener.
   */
  public static final Event<Throwable> CERTIFICATE_RELOAD_ERROR = Event.of("certificateReloadError", Throwable.class);

  private final ServerOptions options;
  private final List<AddedContext> addedContexts = new CopyOnWriteArrayList<>();
  private final List<CertificateWatcher> watchers = new CopyOnWriteArrayList<>();
  /**
   * The context new connections are made from. An immutable value: setSecureContext swaps the
   * reference, and connections already made keep the SSL_CTX through their own SSL's reference.
   */
  private final AtomicReference<SecureContext> context = new AtomicReference<>();
  /** What the context is (re)built from: the server's options, or those of the latest setSecureContext. */
  private volatile ContextOptionsBase<?> contextOptions;

  TlsServer(ServerOptions options) {
    ServerOptions frozen = options.snapshot();
    super(frozen.loopOrDefault(), frozen.netServerOptions());
    this.options = frozen;
    this.contextOptions = frozen;
    this.context.set(newContext(frozen));
    on(CLOSE, this::releaseContext);
  }

  /** The one place a context of this server is made, from its own options or setSecureContext's. */
  static SecureContext newContext(ContextOptionsBase<?> o) {
    if (o instanceof ServerOptions) {
      return SecureContext.create(o);
    }
    // As Node's setSecureContext: the server's defaults (its cipher order, a session ID context) apply
    // to contexts made from plain createSecureContext options too, or a requestCert server could no
    // longer resume sessions after a certificate reload.
    ServerOptions withServerDefaults = new ServerOptions();
    withServerDefaults.copyContextOptions(o);
    return SecureContext.create(withServerDefaults);
  }

  @Override
  protected void connectionAccepted(NetSocket socket) {
    // Wrapped before the user's 'connection' listeners run, as Node's tls.Server does in its own 'connection'
    // listener (registered first): the 'newSession'/'resumeSession' listeners they add serve later connections only.
    TlsSocket tlsSocket = new TlsSocket(socket, new TlsSocketConfig(currentContext(), false, true, this,
        options.requestCert(), options.rejectUnauthorized(), null, null, null, options.handshakeTimeout(), false,
        options.allowHalfOpen(), true, options.alpnProtocols(), sniCallback()));
    if (listenerCount(KEYLOG) > 0) {
      tlsSocket.on(TlsSocket.KEYLOG, line -> emit(KEYLOG, new Keylog(line, tlsSocket)));
    }
    emit(CONNECTION, socket);
  }

  /** The context for a new connection; rebuilt from the latest options after the server closed. */
  private SecureContext currentContext() {
    SecureContext current = context.get();
    if (current != null) {
      return current;
    }
    SecureContext fresh = newContext(contextOptions);
    if (context.compareAndSet(null, fresh)) {
      return fresh;
    }
    fresh.close();
    return context.get();
  }

  /**
   * Node's {@code server.setSecureContext(options)}: new connections are served from a context made
   * from {@code options} (every createSecureContext option, as Node builds it, replacing all those
   * given before: what is left out is the default); connections already made keep theirs. Invalid
   * options throw here, synchronously, and the current context stays. Any thread may call it.
   */
  public void setSecureContext(SecureContextOptions options) {
    if (options == null) {
      throw NodeError.invalidArgType("options", "of type object", null);
    }
    replaceContext(newContext(options), options);
  }

  /** {@link #setSecureContext(SecureContextOptions)} with a Node-style option bag. */
  public void setSecureContext(Map<String, ?> options) {
    if (options == null) {
      throw NodeError.invalidArgType("options", "of type object", null);
    }
    setSecureContext(SecureContextOptions.fromMap(options));
  }

  /**
   * Swaps in {@code fresh} (one atomic replace) and frees this server's reference to the previous
   * context once every loop that makes this server's connections has passed this point, so any
   * connection being made at this moment took its own reference first (a connection is made in one
   * task on its loop, and SSL_new holds the SSL_CTX for the connection's lifetime).
   */
  void replaceContext(SecureContext fresh, ContextOptionsBase<?> madeFrom) {
    contextOptions = madeFrom;
    SecureContext previous = context.getAndSet(fresh);
    if (previous != null) {
      afterEveryLoop(previous::close);
    }
  }

  /**
   * jtls's certificate reload: serves the PEM key and certificate (chain) files at
   * {@code keyPath} and {@code certPath} now, and again whenever they change on disk, as
   * {@link #setSecureContext} would with {@code {key, cert}}. See
   * {@link #watchCertificates(Path, Path, BiFunction)}.
   */
  public CertificateWatcher watchCertificates(Path keyPath, Path certPath) {
    return watchCertificates(keyPath, certPath, (key, cert) -> new SecureContextOptions().key(key).cert(cert));
  }

  /**
   * jtls's certificate reload: serves {@code keyPath} and {@code certPath} now (throwing Node's
   * error, as setSecureContext does, when they do not make a context), then watches their
   * directories. A change — a file renamed into place, or written in place — is read once the
   * directory has been quiet for a moment (100 ms); files that do not make a context are read again
   * each time they change (a half-written file, a key whose certificate is yet to come), and once
   * they have stayed unchanged for a second they are reported with {@link #CERTIFICATE_RELOAD_ERROR}
   * while the previous context stays in use. Files that make a context replace the server's
   * ({@link #CERTIFICATE_RELOAD}); existing connections keep theirs. A key and certificate of
   * different types are refused ({@code ERR_JTLS_KEY_WITHOUT_CERTIFICATE}). The watching stops when
   * the server closes or the returned watcher is closed.
   *
   * @param contextOptions the createSecureContext options for the files' bytes (key, cert), e.g.
   *     with {@code ca} and {@code ciphers}; called for every reload
   */
  public CertificateWatcher watchCertificates(Path keyPath, Path certPath,
      BiFunction<byte[], byte[], SecureContextOptions> contextOptions) {
    CertificateWatcher watcher = CertificateWatcher.start(this, keyPath, certPath, contextOptions);
    watchers.add(watcher);
    return watcher;
  }

  void watcherClosed(CertificateWatcher watcher) {
    watchers.remove(watcher);
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

  /** The {@code enableTrace} option. */
  boolean enableTrace() {
    return options.enableTrace();
  }

  /** The {@code pskCallback} option, or null. */
  PskServerCallback pskCallback() {
    return options.pskCallback();
  }

  /** The {@code pskIdentityHint} option, or null. */
  String pskIdentityHint() {
    return options.pskIdentityHint();
  }

  /** The {@code ALPNCallback} option, or null. */
  AlpnCallback alpnCallback() {
    return options.alpnCallback();
  }

  /**
   * Node's {@code server.getTicketKeys()}: the 48 bytes (16-byte name, 16-byte HMAC secret,
   * 16-byte AES key) new session tickets are sealed under; random per server unless set.
   */
  public byte[] getTicketKeys() {
    return TicketKeys.of(currentContext().handle()).get();
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
    TicketKeys.of(currentContext().handle()).set(keys);
  }

  void secureConnection(TlsSocket socket) {
    emit(SECURE_CONNECTION, socket);
  }

  void tlsClientError(Throwable error, TlsSocket socket) {
    emit(TLS_CLIENT_ERROR, new TlsClientError(error, socket));
  }

  /**
   * The server closed: its certificate watchers stop, its context is released (and rebuilt from
   * the latest options if it listens again), and so are the contexts addContext made from options
   * (those the user passed in stay the user's).
   */
  private void releaseContext() {
    watchers.forEach(CertificateWatcher::close);
    SecureContext current = context.getAndSet(null);
    if (current != null) {
      current.close();
    }
    for (AddedContext added : addedContexts) {
      if (added.owned()) {
        added.context().close();
      }
    }
    addedContexts.removeIf(AddedContext::owned);
  }
}

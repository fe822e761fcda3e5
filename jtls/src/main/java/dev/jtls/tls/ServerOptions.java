package dev.jtls.tls;

import dev.jtls.events.NodeError;
import dev.jtls.net.EventLoop;
import dev.jtls.net.EventLoopGroup;
import dev.jtls.net.NetServerOptions;
import java.util.Map;

/**
 * The options of {@code tls.createServer([options])}: every {@code createSecureContext} option,
 * the server's own, and {@code net.createServer}'s.
 */
public final class ServerOptions extends TlsOptionsBase<ServerOptions> {
  /** Node's default {@code handshakeTimeout}: 120 seconds. */
  public static final long DEFAULT_HANDSHAKE_TIMEOUT = 120_000;

  private boolean requestCert;
  private long handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
  private final NetServerOptions net = new NetServerOptions();
  private SniCallback sniCallback;
  private AlpnCallback alpnCallback;
  private boolean enableTrace;
  private PskServerCallback pskCallback;
  private String pskIdentityHint;

  public ServerOptions() {}

  /** Options from a Node-style option bag, with Node's type checks. */
  public static ServerOptions fromMap(Map<String, ?> options) {
    return new ServerOptions().setAll(options);
  }

  /**
   * A private copy of these options, taken when they enter the API: a server never reads the
   * caller's object again, so changing it after {@code createServer} has no effect, as in Node.
   */
  ServerOptions snapshot() {
    ServerOptions copy = new ServerOptions();
    copy.copyTlsOptions(this);
    copy.requestCert = requestCert;
    copy.handshakeTimeout = handshakeTimeout;
    copy.sniCallback = sniCallback;
    copy.alpnCallback = alpnCallback;
    copy.enableTrace = enableTrace;
    copy.pskCallback = pskCallback;
    copy.pskIdentityHint = pskIdentityHint;
    if (alpnCallback != null && alpnProtocols() != null) {
      throw new NodeError("ERR_TLS_ALPN_CALLBACK_WITH_PROTOCOLS",
          "The ALPNCallback and ALPNProtocols TLS options are mutually exclusive");
    }
    copy.net.allowHalfOpen(net.allowHalfOpen()).pauseOnConnect(net.pauseOnConnect()).noDelay(net.noDelay())
        .keepAlive(net.keepAlive()).keepAliveInitialDelay(net.keepAliveInitialDelay()).loop(net.loop())
        .loops(net.loops());
    return copy;
  }

  @Override
  protected boolean set(String name, Object value) {
    switch (name) {
      case "requestCert" -> requestCert(OptionTypes.bool(name, value));
      case "handshakeTimeout" -> handshakeTimeout(OptionTypes.timeoutOrNone(name, value));
      case "allowHalfOpen" -> allowHalfOpen(OptionTypes.bool(name, value));
      case "pauseOnConnect" -> pauseOnConnect(OptionTypes.bool(name, value));
      case "noDelay" -> noDelay(OptionTypes.bool(name, value));
      case "keepAlive" -> keepAlive(OptionTypes.bool(name, value));
      case "keepAliveInitialDelay" -> keepAliveInitialDelay(OptionTypes.number(name, value));
      case "loop" -> loop(OptionTypes.loop(value));
      case "loops" -> loops(OptionTypes.loops(value));
      case "enableTrace" -> enableTrace(value != null && OptionTypes.bool(name, value));
      case "ALPNCallback" -> {
        if (value != null && !(value instanceof AlpnCallback)) {
          throw NodeError.invalidArgType("options.ALPNCallback", "of type function", value);
        }
        alpnCallback((AlpnCallback) value);
      }
      case "pskCallback" -> {
        if (value != null && !(value instanceof PskServerCallback)) {
          throw NodeError.invalidArgType("options.pskCallback", "of type function", value);
        }
        pskCallback((PskServerCallback) value);
      }
      case "pskIdentityHint" -> pskIdentityHint(OptionTypes.string(name, value));
      case "SNICallback" -> {
        if (value != null && !(value instanceof SniCallback)) {
          throw NodeError.invalidArgType("options.SNICallback", "of type function", value);
        }
        sniCallback((SniCallback) value);
      }
      default -> {
        return super.set(name, value);
      }
    }
    return true;
  }

  /** As in Node's {@code tls.Server}: the server's cipher order wins unless {@code honorCipherOrder} is false. */
  @Override
  boolean prefersServerCipherOrder() {
    return honorCipherOrder() == null || honorCipherOrder();
  }

  /**
   * As in Node's {@code tls.Server}: without a {@code sessionIdContext}, one derived from the
   * process's command line (see {@link DefaultSessionIdContext}), so that clients can resume, also
   * when the server asks for their certificate.
   */
  @Override
  String effectiveSessionIdContext() {
    String given = sessionIdContext();
    return given != null && !given.isEmpty() ? given : DefaultSessionIdContext.VALUE;
  }

  /**
   * Node's {@code enableTrace}: {@link TlsSocket#enableTrace()} on each accepted connection before its handshake
   * (default false).
   */
  public ServerOptions enableTrace(boolean value) {
    this.enableTrace = value;
    return this;
  }

  public boolean enableTrace() {
    return enableTrace;
  }

  /** Ask clients for a certificate and verify it (default false). */
  public ServerOptions requestCert(boolean value) {
    this.requestCert = value;
    return this;
  }

  public boolean requestCert() {
    return requestCert;
  }


  /**
   * Abort a connection whose handshake has not finished after this many milliseconds, with
   * 'tlsClientError' ERR_TLS_HANDSHAKE_TIMEOUT (default 120000). As in Node, zero or a negative
   * value disables it (and reads back as 0).
   */
  public ServerOptions handshakeTimeout(long millis) {
    this.handshakeTimeout = Math.max(0, millis);
    return this;
  }

  public long handshakeTimeout() {
    return handshakeTimeout;
  }

  /** net.createServer's allowHalfOpen (default false). */
  public ServerOptions allowHalfOpen(boolean value) {
    net.allowHalfOpen(value);
    return this;
  }

  public boolean allowHalfOpen() {
    return net.allowHalfOpen();
  }

  /** net.createServer's pauseOnConnect. */
  public ServerOptions pauseOnConnect(boolean value) {
    net.pauseOnConnect(value);
    return this;
  }

  /** net.createServer's noDelay. */
  public ServerOptions noDelay(boolean value) {
    net.noDelay(value);
    return this;
  }

  /** net.createServer's keepAlive. */
  public ServerOptions keepAlive(boolean value) {
    net.keepAlive(value);
    return this;
  }

  /** net.createServer's keepAliveInitialDelay (ms). */
  public ServerOptions keepAliveInitialDelay(long millis) {
    net.keepAliveInitialDelay(millis);
    return this;
  }

  /** The event loop the server and its connections run on (default: the default loop). */
  public ServerOptions loop(EventLoop loop) {
    net.loop(loop);
    return this;
  }

  public EventLoop loop() {
    return net.loop();
  }

  /**
   * Spreads the server's connections over the loops of {@code group}, one connection on one loop
   * for life (see {@link NetServerOptions#loops(EventLoopGroup)}); default none: every connection on
   * the server's one loop, as in Node. All loops share the server's one SecureContext.
   */
  public ServerOptions loops(EventLoopGroup group) {
    net.loops(group);
    return this;
  }

  /** As {@link #loops(EventLoopGroup)} with a new group of {@code count} loops. */
  public ServerOptions loops(int count) {
    net.loops(count);
    return this;
  }

  public EventLoopGroup loops() {
    return net.loops();
  }

  EventLoop loopOrDefault() {
    if (net.loop() != null) {
      return net.loop();
    }
    return net.loops() != null ? net.loops().loops().get(0) : EventLoop.defaultLoop();
  }

  NetServerOptions netServerOptions() {
    return net;
  }


  /**
   * Node's {@code SNICallback}: chooses the context for a client's server name, possibly later (the
   * handshake waits). Without it, the contexts added with {@link TlsServer#addContext} are searched.
   */
  public ServerOptions sniCallback(SniCallback callback) {
    this.sniCallback = callback;
    return this;
  }

  public SniCallback sniCallback() {
    return sniCallback;
  }

  /**
   * Node's {@code ALPNCallback}: chooses each connection's protocol from the client's offer (see
   * {@link AlpnCallback}). It may not be given together with {@code ALPNProtocols}
   * ({@code createServer} throws Node's {@code ERR_TLS_ALPN_CALLBACK_WITH_PROTOCOLS}).
   */
  public ServerOptions alpnCallback(AlpnCallback callback) {
    this.alpnCallback = callback;
    return this;
  }

  public AlpnCallback alpnCallback() {
    return alpnCallback;
  }

  /**
   * Node's {@code pskCallback}: TLS-PSK, the key of each identity a client names (see
   * {@link PskServerCallback}). PSK suites must be named in {@code ciphers} (Node's default list
   * excludes them); in TLSv1.3 every suite can carry a PSK.
   */
  public ServerOptions pskCallback(PskServerCallback callback) {
    this.pskCallback = callback;
    return this;
  }

  public PskServerCallback pskCallback() {
    return pskCallback;
  }

  /**
   * Node's {@code pskIdentityHint}: sent to PSK clients in TLSv1.2 to help them choose an identity
   * (TLSv1.3 has no hint). One OpenSSL refuses (longer than 256 bytes with OpenSSL 3.0) fails each connection with
   * 'tlsClientError' {@code ERR_TLS_PSK_SET_IDENTIY_HINT_FAILED}, as in Node.
   */
  public ServerOptions pskIdentityHint(String hint) {
    this.pskIdentityHint = hint;
    return this;
  }

  public String pskIdentityHint() {
    return pskIdentityHint;
  }
}

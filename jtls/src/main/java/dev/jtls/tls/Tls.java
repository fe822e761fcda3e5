package dev.jtls.tls;

import dev.jtls.events.NodeError;
import dev.jtls.internal.openssl.Lib;
import dev.jtls.internal.openssl.Owned;
import dev.jtls.internal.openssl.SslCtx;
import dev.jtls.net.EventLoop;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Node's {@code node:tls} module: the entry points ({@code connect}, {@code createServer},
 * {@code createSecureContext}, {@code checkServerIdentity}, {@code rootCertificates}) and the
 * module's defaults. Options come as fluent objects ({@link ConnectOptions}, {@link ServerOptions},
 * {@link SecureContextOptions}) or as a Node-style option bag ({@code Map<String, ?>}).
 */
public final class Tls {
  private Tls() {}

  /**
   * Whether the system OpenSSL 3 was found; when false, every other entry point throws
   * {@code ERR_NO_CRYPTO} naming the libraries that were looked for.
   */
  public static boolean isAvailable() {
    return Lib.isAvailable();
  }

  /** The OpenSSL version jtls runs on, e.g. {@code "OpenSSL 3.0.19 27 Jan 2026"}. */
  public static String opensslVersion() {
    requireOpenSsl();
    return Lib.versionText();
  }

  // ---------------------------------------------------------------- tls.connect

  /** {@code tls.connect(options)}. */
  public static TlsSocket connect(ConnectOptions options) {
    return connect(options, null);
  }

  /** {@code tls.connect(options, callback)}: {@code callback} listens for 'secureConnect'. */
  public static TlsSocket connect(ConnectOptions options, Runnable secureConnectListener) {
    requireOpenSsl();
    if (options == null) {
      throw NodeError.invalidArgType("options", "of type object", null);
    }
    return ClientConnector.connect(options, null, null, null, secureConnectListener, null);
  }

  /**
   * {@code tls.connect(options)}, with {@code setup} run on the socket's loop before the connection
   * starts (a name of its own, so that {@code connect(options, null)} stays unambiguous): listeners it adds see every event, whichever thread calls this (a listener added after
   * {@code connect} returns, from another thread, can miss one that already fired). If the caller is
   * on the loop, {@code setup} has run when this returns. With the {@code socket} option (a transport
   * the caller connected), setup runs in the loop task right after the socket was made, before any
   * ciphertext from that transport arrives through the loop. An exception thrown by {@code setup}
   * destroys the socket with it.
   */
  public static TlsSocket connectWithSetup(ConnectOptions options, Consumer<TlsSocket> setup) {
    requireOpenSsl();
    if (options == null) {
      throw NodeError.invalidArgType("options", "of type object", null);
    }
    return ClientConnector.connect(options, null, null, null, null, Objects.requireNonNull(setup, "setup"));
  }

  /** {@link #connectWithSetup(ConnectOptions, Consumer)} with a Node-style option bag. */
  public static TlsSocket connectWithSetup(Map<String, ?> options, Consumer<TlsSocket> setup) {
    return connectWithSetup(ConnectOptions.fromMap(options), setup);
  }

  /**
   * {@code tls.connect(options)} as a future: completes with the socket at 'secureConnect' (the
   * handshake done and, with {@code rejectUnauthorized}, the server authorized), or fails with the
   * socket's 'error' (ECONNREFUSED, DEPTH_ZERO_SELF_SIGNED_CERT, ERR_TLS_CERT_ALTNAME_INVALID, ...),
   * or with ERR_SOCKET_CLOSED if it closed without one. Invalid options throw at once, as
   * {@code connect} does. Stages chained before it completes run on the socket's loop inside
   * 'secureConnect', so their listeners miss no data. Cancelling the future destroys the socket.
   */
  public static CompletableFuture<TlsSocket> connectAsync(ConnectOptions options) {
    CompletableFuture<TlsSocket> secure = new CompletableFuture<>();
    TlsSocket socket = connectWithSetup(options, s -> SecureConnectWaiter.attach(s, secure));
    secure.whenComplete((s, error) -> {
      if (secure.isCancelled()) {
        socket.destroy();
      }
    });
    return secure;
  }

  /** {@link #connectAsync(ConnectOptions)} with a Node-style option bag. */
  public static CompletableFuture<TlsSocket> connectAsync(Map<String, ?> options) {
    return connectAsync(ConnectOptions.fromMap(options));
  }

  /** {@code tls.connect(port[, host][, options][, callback])}; options' own port and host win, as in Node. */
  public static TlsSocket connect(int port, String host, ConnectOptions options, Runnable secureConnectListener) {
    requireOpenSsl();
    return ClientConnector.connect(options == null ? new ConnectOptions() : options, port, host, null,
        secureConnectListener, null);
  }

  public static TlsSocket connect(int port, String host, ConnectOptions options) {
    return connect(port, host, options, null);
  }

  public static TlsSocket connect(int port, ConnectOptions options) {
    return connect(port, null, options, null);
  }

  /** {@code tls.connect(path[, options][, callback])}: a Unix-domain socket; options' own path wins. */
  public static TlsSocket connect(String path, ConnectOptions options, Runnable secureConnectListener) {
    requireOpenSsl();
    return ClientConnector.connect(options == null ? new ConnectOptions() : options, null, null, path,
        secureConnectListener, null);
  }

  /** {@code tls.connect(options, callback)} with a Node-style option bag. */
  public static TlsSocket connect(Map<String, ?> options, Runnable secureConnectListener) {
    return connect(ConnectOptions.fromMap(options), secureConnectListener);
  }

  // ---------------------------------------------------------------- tls.createServer

  /** {@code tls.createServer(options[, secureConnectionListener])}. */
  public static TlsServer createServer(ServerOptions options, Consumer<TlsSocket> secureConnectionListener) {
    requireOpenSsl();
    TlsServer server = new TlsServer(options == null ? new ServerOptions() : options);
    if (secureConnectionListener != null) {
      server.on(TlsServer.SECURE_CONNECTION, secureConnectionListener);
    }
    return server;
  }

  public static TlsServer createServer(ServerOptions options) {
    return createServer(options, null);
  }

  public static TlsServer createServer(Map<String, ?> options, Consumer<TlsSocket> secureConnectionListener) {
    return createServer(ServerOptions.fromMap(options), secureConnectionListener);
  }

  // ---------------------------------------------------------------- tls.createSecureContext

  /** {@code tls.createSecureContext(options)}; throws Node's errors synchronously for bad keys or certificates. */
  public static SecureContext createSecureContext(SecureContextOptions options) {
    requireOpenSsl();
    return SecureContext.create(options == null ? new SecureContextOptions() : options);
  }

  public static SecureContext createSecureContext() {
    return createSecureContext((SecureContextOptions) null);
  }

  public static SecureContext createSecureContext(Map<String, ?> options) {
    return createSecureContext(SecureContextOptions.fromMap(options));
  }

  // ---------------------------------------------------------------- the rest of the module

  /**
   * {@code tls.checkServerIdentity(hostname, cert)}: null when {@code cert} is issued to
   * {@code hostname}, else an {@code ERR_TLS_CERT_ALTNAME_INVALID} error with reason, host and cert.
   */
  public static CertAltNameInvalidError checkServerIdentity(String hostname, PeerCertificate cert) {
    return ServerIdentity.check(hostname, cert);
  }

  /**
   * {@code tls.getCiphers()}: the names of the TLS cipher suites OpenSSL supports, lower-cased and
   * sorted as Node gives them ({@code tls_*} names are TLSv1.3 suites). Upper-case them for the
   * {@code ciphers} option. Not all are enabled by default: see {@link #DEFAULT_CIPHERS()}.
   */
  public static List<String> getCiphers() {
    requireOpenSsl();
    return SupportedCiphers.NAMES;
  }

  /** {@code tls.rootCertificates}: the bundled Mozilla CA store, as immutable PEM strings. */
  public static List<String> rootCertificates() {
    return RootCertificates.list();
  }

  /** {@code tls.DEFAULT_MIN_VERSION}. */
  public static String DEFAULT_MIN_VERSION() {
    return TlsDefaults.defaultMinVersion();
  }

  public static void DEFAULT_MIN_VERSION(String version) {
    TlsDefaults.setDefaultMinVersion(version);
  }

  /** {@code tls.DEFAULT_MAX_VERSION}. */
  public static String DEFAULT_MAX_VERSION() {
    return TlsDefaults.defaultMaxVersion();
  }

  public static void DEFAULT_MAX_VERSION(String version) {
    TlsDefaults.setDefaultMaxVersion(version);
  }

  /** {@code tls.DEFAULT_CIPHERS}. */
  public static String DEFAULT_CIPHERS() {
    return TlsDefaults.defaultCiphers();
  }

  public static void DEFAULT_CIPHERS(String ciphers) {
    TlsDefaults.setDefaultCiphers(ciphers);
  }

  /** {@code tls.DEFAULT_ECDH_CURVE}. */
  public static String DEFAULT_ECDH_CURVE() {
    return TlsDefaults.defaultEcdhCurve();
  }

  public static void DEFAULT_ECDH_CURVE(String curve) {
    TlsDefaults.setDefaultEcdhCurve(curve);
  }

  /**
   * {@code tls.CLIENT_RENEG_LIMIT}: how many renegotiations a server connection accepts within
   * {@link #CLIENT_RENEG_WINDOW()}; one more emits 'error' ERR_TLS_SESSION_ATTACK. Default 3.
   */
  public static int CLIENT_RENEG_LIMIT() {
    return RenegotiationLimit.limit();
  }

  public static void CLIENT_RENEG_LIMIT(int limit) {
    RenegotiationLimit.limit(limit);
  }

  /** {@code tls.CLIENT_RENEG_WINDOW}: the renegotiation window in seconds. Default 600 (10 minutes). */
  public static double CLIENT_RENEG_WINDOW() {
    return RenegotiationLimit.windowSeconds();
  }

  public static void CLIENT_RENEG_WINDOW(double seconds) {
    RenegotiationLimit.windowSeconds(seconds);
  }

  /** Node's "crypto support is unavailable" case: ERR_NO_CRYPTO, naming what was looked for. */
  static void requireOpenSsl() {
    if (!Lib.isAvailable()) {
      throw new NodeError("ERR_NO_CRYPTO", "jtls cannot do TLS without OpenSSL 3: " + Lib.problem());
    }
  }

  /**
   * Node's getSSLCiphers: what a fresh TLS context offers, plus the five TLSv1.3 suites (OpenSSL
   * enables only three by default), de-duplicated case-insensitively and sorted. Computed once.
   */
  private static final class SupportedCiphers {
    static final List<String> NAMES = compute();

    private static List<String> compute() {
      TreeSet<String> names = new TreeSet<>(List.of("tls_aes_256_gcm_sha384", "tls_chacha20_poly1305_sha256",
          "tls_aes_128_gcm_sha256", "tls_aes_128_ccm_8_sha256", "tls_aes_128_ccm_sha256"));
      try (Owned ctx = SslCtx.newTls()) {
        for (String name : SslCtx.cipherNames(ctx.get())) {
          names.add(name.toLowerCase(Locale.ROOT));
        }
      }
      return List.copyOf(names);
    }
  }

  /**
   * tls.connect's work: the options are checked before anything is made, then the context, the
   * transport and the socket, in Node's order. A synchronous failure after that frees what was made.
   */
  private static final class ClientConnector {
    static TlsSocket connect(ConnectOptions o, Integer port, String hostArgument, String path,
        Runnable secureConnectListener, Consumer<TlsSocket> setup) {
      EventLoop loop = o.loopOrDefault();
      NetConnectOptions netOptions = o.socket() == null ? o.netConnectOptions(port, hostArgument, path) : null;
      boolean ownsContext = o.secureContext() == null;
      SecureContext context = ownsContext ? SecureContext.create(o) : o.secureContext();
      NetSocket net = netOptions == null ? null : new NetSocket(loop, netOptions);
      Duplex transport = net != null ? net : o.socket();
      String host = o.host() != null ? o.host() : hostArgument != null ? hostArgument : "localhost";
      String identityHost = o.servername() != null && !o.servername().isEmpty() ? o.servername() : host;
      CheckServerIdentity check = o.checkServerIdentity() == null ? Tls::checkServerIdentity : o.checkServerIdentity();
      TlsSocket socket = null;
      try {
        socket = new TlsSocket(transport, new TlsSocketConfig(context, ownsContext, false, null, false,
            o.rejectUnauthorized(), o.servername(), identityHost, check, 0, true, o.allowHalfOpen(), net != null,
            o.alpnProtocols(), null).withClientStream(o.highWaterMark(), net != null ? o.onread() : null,
            new ConnectTarget(o.host() != null ? o.host() : hostArgument, o.port() != null ? o.port() : port,
                o.path() != null ? o.path() : path, o.localAddress())).withSession(o.session())
            .withPsk(o.pskCallback()).withTrace(o.enableTrace()));
        socket.minDhSize = o.minDHSize();
        if (secureConnectListener != null) {
          socket.once(TlsSocket.SECURE_CONNECT, secureConnectListener);
        }
        if (o.timeout() > 0) {
          socket.setTimeout(o.timeout()); // as Node: on the TLS socket, so socket.timeout shows it
        }
        if (setup != null) {
          TlsSocket created = socket;
          loop.run(() -> runSetup(created, setup));
        }
        if (net != null) {
          net.connect(netOptions);
        }
        return socket;
      } catch (RuntimeException e) {
        if (socket != null) {
          socket.destroy();
        } else if (ownsContext) {
          context.close();
        }
        throw e;
      }
    }

    /** Queued before the connect task, so the loop runs it before any I/O of the new socket. */
    private static void runSetup(TlsSocket socket, Consumer<TlsSocket> setup) {
      try {
        setup.accept(socket);
      } catch (RuntimeException e) {
        socket.destroy(e);
      }
    }
  }
}

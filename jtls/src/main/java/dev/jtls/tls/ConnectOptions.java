package dev.jtls.tls;

import dev.jtls.events.NodeError;
import dev.jtls.net.EventLoop;
import dev.jtls.net.LookupFunction;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.stream.Duplex;
import java.util.Map;

/**
 * The options of {@code tls.connect()}: every {@code createSecureContext} option, the client's
 * own, and {@code socket.connect}'s.
 */
public final class ConnectOptions extends TlsOptionsBase<ConnectOptions> {
  private String host;
  private Integer port;
  private String path;
  private Duplex socket;
  private boolean allowHalfOpen;
  private String servername;
  private CheckServerIdentity checkServerIdentity;
  private SecureContext secureContext;
  private long timeout;
  private String localAddress;
  private Integer localPort;
  private LookupFunction lookup;
  private EventLoop loop;
  private byte[] session;
  private int highWaterMark = Duplex.DEFAULT_HIGH_WATER_MARK;
  private TlsOnRead onread;
  private boolean enableTrace;
  private PskClientCallback pskCallback;
  private long minDHSize = 1024;

  public ConnectOptions() {}

  /** Options from a Node-style option bag, with Node's type checks. */
  public static ConnectOptions fromMap(Map<String, ?> options) {
    return new ConnectOptions().setAll(options);
  }

  @Override
  protected boolean set(String name, Object value) {
    switch (name) {
      case "host" -> host(OptionTypes.stringArgument("hostname", value));
      case "port" -> port(OptionTypes.port(value));
      case "path" -> path(OptionTypes.string(name, value));
      case "socket" -> socket(OptionTypes.duplex(name, value));
      case "allowHalfOpen" -> allowHalfOpen(OptionTypes.bool(name, value));
      case "servername" -> servername(OptionTypes.stringArgument("name", value));
      case "checkServerIdentity" -> {
        // Node v22 checks the merged options with validateFunction, so a present key holding null
        // (or undefined) is ERR_INVALID_ARG_TYPE, "... Received null"; node v20 fails the same bag
        // with an ERR_INTERNAL_ASSERTION instead. The v22 spec's behaviour is the one kept.
        if (!(value instanceof CheckServerIdentity)) {
          throw NodeError.invalidArgType("options.checkServerIdentity", "of type function", value);
        }
        checkServerIdentity((CheckServerIdentity) value);
      }
      case "lookup" -> {
        // Node checks lookup only when the host is a name (an IP literal never reaches it); here the
        // type is checked when the option is set, whatever the host.
        if (value != null && !(value instanceof LookupFunction)) {
          throw NodeError.invalidArgType("options.lookup", "of type function", value);
        }
        lookup((LookupFunction) value);
      }
      case "secureContext" -> secureContext(OptionTypes.secureContext(value));
      case "timeout" -> timeout(OptionTypes.msecs(value));
      case "localAddress" -> localAddress(OptionTypes.string(name, value));
      case "localPort" -> localPort(value == null ? null : (int) OptionTypes.number(name, value));
      case "loop" -> loop(OptionTypes.loop(value));
      case "session" -> {
        if (value != null && !(value instanceof byte[])) {
          throw new NodeError("ERR_INVALID_ARG_TYPE", "Session must be a buffer");
        }
        session((byte[]) value);
      }
      case "highWaterMark" -> // Node's getHighWaterMark takes null and undefined as "the default"
          highWaterMark(value == null ? Duplex.DEFAULT_HIGH_WATER_MARK : (int) OptionTypes.number(name, value));
      case "minDHSize" -> minDHSize(OptionTypes.number(name, value));
      case "enableTrace" -> enableTrace(value != null && OptionTypes.bool(name, value));
      case "pskCallback" -> {
        if (value != null && !(value instanceof PskClientCallback)) {
          throw NodeError.invalidArgType("pskCallback", "of type function", value); // Node's validateFunction names the bare argument here
        }
        pskCallback((PskClientCallback) value);
      }
      default -> {
        return super.set(name, value);
      }
    }
    return true;
  }

  /** Host to connect to (default {@code 'localhost'}). */
  public ConnectOptions host(String value) {
    this.host = value;
    return this;
  }

  public String host() {
    return host;
  }

  /** Port to connect to. */
  public ConnectOptions port(Integer value) {
    this.port = value;
    return this;
  }

  public Integer port() {
    return port;
  }

  /** A Unix-domain socket path; host and port are then ignored. */
  public ConnectOptions path(String value) {
    this.path = value;
    return this;
  }

  public String path() {
    return path;
  }

  /** An existing transport (any Duplex) to run TLS over; connecting it is the caller's business. */
  public ConnectOptions socket(Duplex value) {
    this.socket = value;
    return this;
  }

  public Duplex socket() {
    return socket;
  }

  /** Keep the writable side open after the peer ends (default false). */
  public ConnectOptions allowHalfOpen(boolean value) {
    this.allowHalfOpen = value;
    return this;
  }

  public boolean allowHalfOpen() {
    return allowHalfOpen;
  }


  /** The SNI name to send (never sent for an IP address); also the name the certificate is checked against. */
  public ConnectOptions servername(String value) {
    this.servername = value;
    return this;
  }

  public String servername() {
    return servername;
  }

  /** Replaces {@link Tls#checkServerIdentity} for this connection. */
  public ConnectOptions checkServerIdentity(CheckServerIdentity value) {
    this.checkServerIdentity = value;
    return this;
  }

  public CheckServerIdentity checkServerIdentity() {
    return checkServerIdentity;
  }

  /** A context from {@code createSecureContext}; without it one is made from these options. */
  public ConnectOptions secureContext(SecureContext value) {
    this.secureContext = value;
    return this;
  }

  public SecureContext secureContext() {
    return secureContext;
  }

  /** socket.setTimeout on the new socket: 'timeout' after this many idle milliseconds (0: none). */
  public ConnectOptions timeout(long millis) {
    if (millis < 0) {
      throw OptionTypes.msecsOutOfRange(millis);
    }
    this.timeout = millis;
    return this;
  }

  public long timeout() {
    return timeout;
  }

  /** Local address to connect from. */
  public ConnectOptions localAddress(String value) {
    this.localAddress = value;
    return this;
  }

  public String localAddress() {
    return localAddress;
  }

  /** Local port to connect from. */
  public ConnectOptions localPort(Integer value) {
    this.localPort = value;
    return this;
  }

  public Integer localPort() {
    return localPort;
  }

  /**
   * Node's {@code lookup}: resolves the host instead of the system resolver; called only when the
   * host is a name, never for an IP literal. Its error becomes the socket's 'error'.
   */
  public ConnectOptions lookup(LookupFunction value) {
    this.lookup = value;
    return this;
  }

  public LookupFunction lookup() {
    return lookup;
  }

  /** The event loop the socket runs on (default: the default loop); {@code group.next()} takes a group's next. */
  public ConnectOptions loop(EventLoop value) {
    this.loop = value;
    return this;
  }

  public EventLoop loop() {
    return loop;
  }

  EventLoop loopOrDefault() {
    return loop != null ? loop : EventLoop.defaultLoop();
  }

  /** The net.connect options for a new socket; an explicit port, host or path from tls.connect's arguments fills gaps. */
  NetConnectOptions netConnectOptions(Integer portArgument, String hostArgument, String pathArgument) {
    NetConnectOptions n = new NetConnectOptions().loop(loopOrDefault()).allowHalfOpen(allowHalfOpen)
        .lookup(lookup);
    String p = path != null ? path : pathArgument;
    if (p != null) {
      n.path(p);
    } else {
      n.host(host != null ? host : hostArgument != null ? hostArgument : "localhost");
      Integer port = this.port != null ? this.port : portArgument;
      if (port == null) {
        throw new NodeError("ERR_MISSING_ARGS", "The \"options\" or \"port\" or \"path\" argument must be specified");
      }
      n.port(OptionTypes.port(port));
    }
    if (localAddress != null) {
      n.localAddress(localAddress);
    }
    if (localPort != null) {
      n.localPort(localPort);
    }
    return n;
  }

  /**
   * A session to resume: the bytes of a client socket's 'session' event or {@code getSession()}
   * (OpenSSL's DER form, as Node's Buffer). Bytes the server does not accept, or that are no
   * session at all, mean a full handshake.
   */
  public ConnectOptions session(byte[] value) {
    this.session = value;
    return this;
  }

  public byte[] session() {
    return session;
  }

  /** Node's {@code highWaterMark}: the socket's readable and writable high-water mark (default 16 KiB). */
  public ConnectOptions highWaterMark(int value) {
    if (value < 0) {
      throw NodeError.invalidArgValue("options.highWaterMark", value, "is invalid");
    }
    this.highWaterMark = value;
    return this;
  }

  public int highWaterMark() {
    return highWaterMark;
  }

  /**
   * Node's {@code onread}: plaintext is decrypted into the given buffer and handed to its
   * callback instead of 'data' events (see {@link TlsOnRead}). Ignored with the {@code socket}
   * option, as in Node.
   */
  public ConnectOptions onread(TlsOnRead value) {
    this.onread = value;
    return this;
  }

  public TlsOnRead onread() {
    return onread;
  }

  /**
   * Node's {@code enableTrace}: {@link TlsSocket#enableTrace()} on the socket before its handshake
   * (default false).
   */
  public ConnectOptions enableTrace(boolean value) {
    this.enableTrace = value;
    return this;
  }

  public boolean enableTrace() {
    return enableTrace;
  }

  /**
   * Node's {@code pskCallback}: TLS-PSK, the identity and key this client offers (see
   * {@link PskClientCallback}). PSK suites must be named in {@code ciphers}, and without a server
   * certificate the default {@code checkServerIdentity} fails, so a PSK client gives its own, as in
   * Node.
   */
  public ConnectOptions pskCallback(PskClientCallback callback) {
    this.pskCallback = callback;
    return this;
  }

  public PskClientCallback pskCallback() {
    return pskCallback;
  }

  /**
   * {@code minDHSize}: the smallest DH prime, in bits, a client accepts from a DHE server (default
   * 1024); a smaller one fails the connection with {@code ERR_TLS_DH_PARAM_SIZE}. Node v20 fails an
   * internal assertion for a value that is not a positive number; jtls throws
   * {@code ERR_OUT_OF_RANGE} (and {@code ERR_INVALID_ARG_TYPE} for a non-number).
   */
  public ConnectOptions minDHSize(long bits) {
    if (bits <= 0) {
      throw NodeError.outOfRange("options.minDHSize", "> 0", bits);
    }
    this.minDHSize = bits;
    return this;
  }

  public long minDHSize() {
    return minDHSize;
  }
}

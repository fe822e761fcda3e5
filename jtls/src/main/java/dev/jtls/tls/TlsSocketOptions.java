package dev.jtls.tls;

import dev.jtls.events.NodeError;
import java.util.Map;

/** The options of {@code new tls.TLSSocket(socket[, options])}. */
public final class TlsSocketOptions extends TlsOptionsBase<TlsSocketOptions> {
  private boolean isServer;
  private boolean requestCert;
  private boolean enableTrace;
  private SecureContext secureContext;
  private SniCallback sniCallback;
  private TlsServer server;
  private byte[] session;
  private boolean requestOcsp;

  public TlsSocketOptions() {}

  /** Options from a Node-style option bag, with Node's type checks. */
  public static TlsSocketOptions fromMap(Map<String, ?> options) {
    return new TlsSocketOptions().setAll(options);
  }

  @Override
  protected boolean set(String name, Object value) {
    switch (name) {
      case "isServer" -> isServer(OptionTypes.bool(name, value));
      case "requestCert" -> requestCert(OptionTypes.bool(name, value));
      case "enableTrace" -> enableTrace(value != null && OptionTypes.bool(name, value));
      case "secureContext" -> secureContext(OptionTypes.secureContext(value));
      case "SNICallback" -> {
        if (value != null && !(value instanceof SniCallback)) {
          throw NodeError.invalidArgType("options.SNICallback", "of type function", value);
        }
        sniCallback((SniCallback) value);
      }
      case "server" -> {
        if (value != null && !(value instanceof TlsServer)) {
          throw NodeError.invalidArgType("options.server", "an instance of Server", value);
        }
        server((TlsServer) value);
      }
      case "session" -> {
        if (value != null && !(value instanceof byte[])) {
          throw NodeError.invalidArgType("options.session", "an instance of Buffer", value);
        }
        session((byte[]) value);
      }
      case "requestOCSP" -> requestOcsp(OptionTypes.bool(name, value));
      default -> {
        return super.set(name, value);
      }
    }
    return true;
  }

  /** Whether this end is the TLS server (default false). */
  public TlsSocketOptions isServer(boolean value) {
    this.isServer = value;
    return this;
  }

  public boolean isServer() {
    return isServer;
  }

  /**
   * Node's {@code enableTrace}: {@link TlsSocket#enableTrace()} on the socket before its handshake
   * (default false).
   */
  public TlsSocketOptions enableTrace(boolean value) {
    this.enableTrace = value;
    return this;
  }

  public boolean enableTrace() {
    return enableTrace;
  }

  /** A server socket asks the client for a certificate (default false). */
  public TlsSocketOptions requestCert(boolean value) {
    this.requestCert = value;
    return this;
  }

  public boolean requestCert() {
    return requestCert;
  }


  /** A context from {@code createSecureContext}; without it one is made from these options. */
  public TlsSocketOptions secureContext(SecureContext value) {
    this.secureContext = value;
    return this;
  }

  public SecureContext secureContext() {
    return secureContext;
  }

  /** A server socket's SNICallback, as the server option (honoured when {@code isServer}). */
  public TlsSocketOptions sniCallback(SniCallback value) {
    this.sniCallback = value;
    return this;
  }

  public SniCallback sniCallback() {
    return sniCallback;
  }

  /**
   * Node's {@code server} option: the server this socket belongs to. Accepted and kept; in Node it
   * serves the session and OCSP events, which jtls does not have yet (later issues).
   */
  public TlsSocketOptions server(TlsServer value) {
    this.server = value;
    return this;
  }

  public TlsServer server() {
    return server;
  }

  /**
   * Node's {@code session} option: a session to resume on a client socket (the bytes of a
   * 'session' event or {@code getSession()}); bytes the server does not accept mean a full handshake.
   */
  public TlsSocketOptions session(byte[] value) {
    this.session = value == null ? null : value.clone();
    return this;
  }

  public byte[] session() {
    return session == null ? null : session.clone();
  }

  /**
   * Node's {@code requestOCSP} option: ask the server for a stapled OCSP response. Accepted and
   * kept; OCSP stapling is a later issue, so no status is requested yet.
   */
  public TlsSocketOptions requestOcsp(boolean value) {
    this.requestOcsp = value;
    return this;
  }

  public boolean requestOcsp() {
    return requestOcsp;
  }
}

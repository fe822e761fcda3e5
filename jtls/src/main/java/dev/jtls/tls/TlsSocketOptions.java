package dev.jtls.tls;

import java.util.Map;

/** The options of {@code new tls.TLSSocket(socket[, options])}. */
public final class TlsSocketOptions extends TlsOptionsBase<TlsSocketOptions> {
  private boolean isServer;
  private boolean requestCert;
  private SecureContext secureContext;

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
      case "secureContext" -> secureContext(OptionTypes.secureContext(value));
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

}

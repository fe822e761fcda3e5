package dev.jtls.tls;

import java.util.Map;

/**
 * The options of {@link TlsSocket#renegotiate}: each one left unset keeps the socket's current
 * setting, as Node's {@code undefined} does.
 */
public final class RenegotiateOptions {
  private Boolean rejectUnauthorized;
  private Boolean requestCert;

  public RenegotiateOptions() {}

  /** Options from a Node-style option bag: other names are ignored, as Node ignores them; null means unset. */
  public static RenegotiateOptions fromMap(Map<String, ?> options) {
    RenegotiateOptions o = new RenegotiateOptions();
    Object reject = options.get("rejectUnauthorized");
    if (reject != null) {
      o.rejectUnauthorized(OptionTypes.bool("rejectUnauthorized", reject));
    }
    Object request = options.get("requestCert");
    if (request != null) {
      o.requestCert(OptionTypes.bool("requestCert", request));
    }
    return o;
  }

  /** Whether a peer that fails verification is refused from now on. */
  public RenegotiateOptions rejectUnauthorized(boolean value) {
    rejectUnauthorized = value;
    return this;
  }

  /** Whether a server asks the client for a certificate in this and later handshakes. */
  public RenegotiateOptions requestCert(boolean value) {
    requestCert = value;
    return this;
  }

  /** Null when unset. */
  public Boolean rejectUnauthorized() {
    return rejectUnauthorized;
  }

  /** Null when unset. */
  public Boolean requestCert() {
    return requestCert;
  }
}

package dev.jtls.tls;

import dev.jtls.events.NodeError;

/**
 * Node's {@code ERR_TLS_CERT_ALTNAME_INVALID}: the server's certificate does not name the host
 * that was connected to. Returned by {@code tls.checkServerIdentity()}, and the error a client
 * socket is destroyed with when {@code rejectUnauthorized} is on.
 */
public final class CertAltNameInvalidError extends NodeError {
  private final String reason;
  private final String host;
  private final PeerCertificate cert;

  /**
   * @param reason Node's {@code err.reason}, e.g. {@code "Host: a.com. is not cert's CN: b.com"}
   * @param host the host name that was checked, without a trailing dot
   * @param cert the certificate object that was checked
   */
  public CertAltNameInvalidError(String reason, String host, PeerCertificate cert) {
    super("ERR_TLS_CERT_ALTNAME_INVALID", "Hostname/IP does not match certificate's altnames: " + reason);
    this.reason = reason;
    this.host = host;
    this.cert = cert;
  }

  /** Node's {@code err.reason}: why the host does not match. */
  public String reason() {
    return reason;
  }

  /** Node's {@code err.host}: the host name that was checked, without a trailing dot. */
  public String host() {
    return host;
  }

  /** Node's {@code err.cert}: the certificate object that was checked. */
  public PeerCertificate cert() {
    return cert;
  }
}

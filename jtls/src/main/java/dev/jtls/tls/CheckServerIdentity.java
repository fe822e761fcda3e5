package dev.jtls.tls;

/**
 * The {@code checkServerIdentity} option of {@code tls.connect()}: decides whether the server's
 * certificate is issued to the host being connected to (the {@code servername} option when set).
 * It is called only for a certificate that passed chain verification, and not when a session was
 * resumed. The default is {@code Tls.checkServerIdentity(hostname, cert)}, which a custom check
 * may call to add its own rules to Node's.
 */
@FunctionalInterface
public interface CheckServerIdentity {
  /**
   * @param hostname the host name (or IP address) connected to
   * @param cert the server's certificate object, with its issuer chain
   * @return null when the certificate matches; otherwise the error the connection fails with
   *     (its {@code code()}, when it is a {@link dev.jtls.events.NodeError}, else its message,
   *     becomes {@code authorizationError})
   */
  Throwable check(String hostname, PeerCertificate cert);
}

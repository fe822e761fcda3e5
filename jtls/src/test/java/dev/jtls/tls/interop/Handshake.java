package dev.jtls.tls.interop;

import java.security.cert.X509Certificate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one end of a connection reports about the handshake it completed, in its own words.
 *
 * @param protocol the version, e.g. {@code TLSv1.3}
 * @param cipher the suite's OpenSSL name, e.g. {@code ECDHE-RSA-AES128-GCM-SHA256}
 * @param servername the SNI name a server received (null on clients, or when none was sent)
 * @param authorized whether the peer's certificate verified against the trusted CAs
 * @param peerCommonName the CN of the certificate the peer presented, or null when it sent none
 */
record Handshake(String protocol, String cipher, String servername, boolean authorized, String peerCommonName) {
  private static final Pattern CN = Pattern.compile("(?:^|,)CN=([^,]*)");

  /** The CN of a certificate's subject, as the peers' reports name it, or null. */
  static String commonName(X509Certificate certificate) {
    Matcher m = CN.matcher(certificate.getSubjectX500Principal().getName());
    return m.find() ? m.group(1) : null;
  }
}

package dev.jtls.tls.interop;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What gnutls-cli and gnutls-serv print about a session, in {@link Handshake}'s words. Both print
 * "- Description: (TLS1.2-X.509)-(ECDHE-SECP256R1)-(RSA-SHA256)-(AES-256-GCM)"; neither prints the
 * suite's name, so it is rebuilt here for the AEAD suites (the only ones either end offers by default).
 */
final class GnutlsReport {
  private static final Pattern DESCRIPTION =
      Pattern.compile("- Description: \\(TLS(1\\.[0-3])-X\\.509\\)-\\(([^)]*)\\)-\\(([^)]*)\\)-\\(([^)]*)\\)");
  private static final Map<String, String> TLS13_SUITES = Map.of("AES-128-GCM", "TLS_AES_128_GCM_SHA256",
      "AES-256-GCM", "TLS_AES_256_GCM_SHA384", "CHACHA20-POLY1305", "TLS_CHACHA20_POLY1305_SHA256");
  private static final Map<String, String> TLS12_BULK = Map.of("AES-128-GCM", "AES128-GCM-SHA256",
      "AES-256-GCM", "AES256-GCM-SHA384", "CHACHA20-POLY1305", "CHACHA20-POLY1305");
  private static final Pattern PEM = Pattern.compile("-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", Pattern.DOTALL);

  private GnutlsReport() {}

  /**
   * The handshake {@code text} describes.
   *
   * @param servername what the handshake proves the server received, or null
   * @param peerCommonName the CN of the peer's certificate, or null
   */
  static Handshake handshake(String text, String servername, boolean authorized, String peerCommonName) {
    Matcher d = DESCRIPTION.matcher(text);
    if (!d.find()) {
      throw new AssertionError("no session description in:\n" + text);
    }
    String version = "TLSv" + d.group(1);
    String bulk = d.group(4);
    String cipher;
    if (version.equals("TLSv1.3")) {
      cipher = TLS13_SUITES.get(bulk);
    } else {
      // (key exchange)-(signature): ECDHE with an RSA or an ECDSA signature.
      String auth = d.group(3).startsWith("ECDSA") ? "ECDSA" : "RSA";
      cipher = d.group(2).startsWith("ECDHE") && TLS12_BULK.containsKey(bulk) ? "ECDHE-" + auth + "-" + TLS12_BULK.get(bulk) : null;
    }
    if (cipher == null) {
      throw new AssertionError("a suite with no name here: " + d.group());
    }
    return new Handshake(version, cipher, servername, authorized, peerCommonName);
  }

  /** The CN of the first PEM certificate after {@code heading} in {@code text} (gnutls-serv's form), if any. */
  static Optional<String> commonNameOfPem(String text, String heading) {
    int at = text.indexOf(heading);
    Matcher pem = PEM.matcher(text);
    if (at < 0 || !pem.find(at)) {
      return Optional.empty();
    }
    try {
      X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(pem.group().getBytes(StandardCharsets.US_ASCII)));
      return Optional.ofNullable(Handshake.commonName(cert));
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** The ALPN protocol a complete session report names, or null when none was agreed. */
  static String alpnProtocol(String report) {
    return group(report, "- Application protocol: (.*)").orElse(null);
  }

  /** {@code --alpn} once for each protocol, as both programs take them. */
  static List<String> alpnOptions(List<String> protocols) {
    return protocols == null ? List.of() : protocols.stream().map(p -> "--alpn=" + p).toList();
  }

  static Optional<String> group(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }
}

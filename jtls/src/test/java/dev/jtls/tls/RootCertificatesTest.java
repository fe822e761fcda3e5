package dev.jtls.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bundled CA store against the {@code tls.rootCertificates} of the {@code node} on PATH. */
class RootCertificatesTest {

  @Test
  void listIsImmutable() {
    List<String> list = RootCertificates.list();
    assertThrows(UnsupportedOperationException.class, () -> list.add("x"));
    assertThrows(UnsupportedOperationException.class, () -> list.set(0, "x"));
    assertThrows(UnsupportedOperationException.class, () -> list.remove(0));
    assertThrows(UnsupportedOperationException.class, list::clear);
  }

  @Test
  void listEqualsNodeRootCertificatesEntryForEntry() throws Exception {
    List<String> node = nodeRootCertificates();
    List<String> ours = RootCertificates.list();
    String hint = "run scripts/refresh-root-certificates.sh if node on PATH changed";
    assertEquals(node.size(), ours.size(), hint);
    for (int i = 0; i < node.size(); i++) {
      assertEquals(node.get(i), ours.get(i), "entry " + i + "; " + hint);
    }
  }

  @Test
  void everyEntryIsASelfIssuedCaCertificate() throws Exception {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    for (String pem : RootCertificates.list()) {
      X509Certificate cert = (X509Certificate) factory.generateCertificate(
          new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      String subject = cert.getSubjectX500Principal().getName();
      assertTrue(cert.getBasicConstraints() >= 0, subject + " is not a CA");
      assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal(), subject);
    }
  }

  @Test
  void bundleParsesToEveryEntryInOrder() throws Exception {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> entries = new ArrayList<>();
    for (String pem : RootCertificates.list()) {
      entries.add((X509Certificate) factory.generateCertificate(
          new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
    }
    var bundled = factory.generateCertificates(
        new ByteArrayInputStream(RootCertificates.bundle().getBytes(StandardCharsets.US_ASCII)));
    assertEquals(entries, List.copyOf(bundled));
  }

  /** PEM text never contains NUL, so NUL separates the entries node prints unambiguously. */
  private static List<String> nodeRootCertificates() throws Exception {
    Process node = new ProcessBuilder("node", "-e",
        "process.stdout.write(require('node:tls').rootCertificates.join('\\0'))")
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    try {
      String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertTrue(node.waitFor(60, TimeUnit.SECONDS), "node did not exit");
      assertEquals(0, node.exitValue(), "node exit status");
      return Arrays.asList(out.split("\0"));
    } finally {
      node.destroyForcibly();
    }
  }
}

package dev.jtls.tls.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.tls.Tls;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-root-certificates.js: a non-empty, frozen array of distinct PEM
 * strings, the same array each time. Node's TypeError on mutation is Java's
 * UnsupportedOperationException; assigning {@code tls.rootCertificates = 0} cannot be expressed
 * (it is a method).
 */
class TlsRootCertificatesTest {
  @Test
  @Timeout(20)
  void frozenListOfDistinctPems() {
    List<String> roots = Tls.rootCertificates();
    assertTrue(roots.size() > 0);
    assertSame(roots, Tls.rootCertificates());
    assertThrows(UnsupportedOperationException.class, () -> roots.set(0, "0"));
    assertThrows(UnsupportedOperationException.class, () -> roots.sort(null));
    assertEquals(roots.size(), new HashSet<>(roots).size());
    assertTrue(roots.stream().allMatch(s -> s.startsWith("-----BEGIN CERTIFICATE-----\n")));
    assertTrue(roots.stream().allMatch(s -> s.endsWith("\n-----END CERTIFICATE-----")));
  }
}

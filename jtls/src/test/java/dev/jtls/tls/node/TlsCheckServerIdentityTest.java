package dev.jtls.tls.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.tls.CertAltNameInvalidError;
import dev.jtls.tls.PeerCertificate;
import dev.jtls.tls.Tls;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-check-server-identity.js: tls.checkServerIdentity over Node's table
 * of hosts and certificate objects, each giving Node's {@code reason} or success (null). The table
 * is Node's, row for row (its index in the comment or the record); the rows whose host is
 * {@code false} or {@code undefined} are left out, as a Java String cannot be either, and Node's
 * {@code subject: { CN: undefined }} is a subject without CN (a Java Map holds no null).
 */
class TlsCheckServerIdentityTest {
  record Case(int index, String host, Map<String, Object> cert, String error) {}

  private static final List<Case> TESTS = List.of(
        // #0: host false has no Java String counterpart
        new Case(1, null, Map.of("subject", Map.of("CN", "a.com")), "Host: null. is not cert's CN: a.com"),
        // #2: host undefined has no Java String counterpart
        new Case(3, "a.com", Map.of("subject", Map.of("CN", "a.com")), null),
        new Case(4, "a.com", Map.of("subject", Map.of("CN", "A.COM")), null),
        new Case(5, "a.com", Map.of("subject", Map.of("CN", "b.com")), "Host: a.com. is not cert's CN: b.com"),
        new Case(6, "a.com", Map.of("subject", Map.of("CN", "a.com.")), null),
        new Case(7, "a.com", Map.of("subject", Map.of("CN", ".a.com")), "Host: a.com. is not cert's CN: .a.com"),
        new Case(8, "8.8.8.8", Map.of("subject", Map.of("CN", "8.8.8.8")), "IP: 8.8.8.8 is not in the cert's list: "),
        new Case(9, "8.8.8.8", Map.of("subject", Map.of("CN", "8.8.8.8"), "subjectaltname", "DNS:8.8.8.8"), "IP: 8.8.8.8 is not in the cert's list: "),
        new Case(10, "8.8.8.8", Map.of("subject", Map.of("CN", "8.8.8.8"), "subjectaltname", "URI:http://8.8.8.8/"), "IP: 8.8.8.8 is not in the cert's list: "),
        new Case(11, "8.8.8.8", Map.of("subject", Map.of("CN", "8.8.8.8"), "subjectaltname", "IP Address:8.8.8.8"), null),
        new Case(12, "8.8.8.8", Map.of("subject", Map.of("CN", "8.8.8.8"), "subjectaltname", "IP Address:8.8.8.0/24"), "IP: 8.8.8.8 is not in the cert's list: "),
        new Case(13, "b.a.com", Map.of("subject", Map.of("CN", "*.a.com")), null),
        new Case(14, "ba.com", Map.of("subject", Map.of("CN", "*.a.com")), "Host: ba.com. is not cert's CN: *.a.com"),
        new Case(15, "\n.b.com", Map.of("subject", Map.of("CN", "*n.b.com")), "Host: \n.b.com. is not cert's CN: *n.b.com"),
        new Case(16, "b.a.com", Map.of("subject", Map.of("CN", "*.a.com"), "subjectaltname", "DNS:omg.com"), "Host: b.a.com. is not in the cert's altnames: DNS:omg.com"),
        new Case(17, "b.a.com", Map.of("subject", Map.of("CN", "b*b.a.com")), "Host: b.a.com. is not cert's CN: b*b.a.com"),
        new Case(18, "a.com", Map.of(), "Cert does not contain a DNS name"),
        new Case(19, "a.com", Map.of("subjectaltname", "DNS:a.com"), null),
        new Case(20, "a.b.a.com", Map.of("subjectaltname", "URI:http://a.b.a.com/"), "Cert does not contain a DNS name"),
        new Case(21, "foo.com", Map.of("subject", Map.of("CN", List.of("foo.com", "bar.com"))), null),
        new Case(22, "a.com", Map.of("subject", Map.of("CN", "b.com"), "subjectaltname", "DNS:*"), "Host: a.com. is not in the cert's altnames: DNS:*"),
        new Case(23, "a.com", Map.of("subject", Map.of("CN", "b.com"), "subjectaltname", "DNS:*.com"), "Host: a.com. is not in the cert's altnames: DNS:*.com"),
        new Case(24, "a.co.uk", Map.of("subject", Map.of("CN", "b.com"), "subjectaltname", "DNS:*.co.uk"), null),
        new Case(25, "a.com", Map.of("subject", Map.of("CN", "a.com"), "subjectaltname", "DNS:*.a.com"), "Host: a.com. is not in the cert's altnames: DNS:*.a.com"),
        new Case(26, "a.com", Map.of("subject", Map.of("CN", "b.com"), "subjectaltname", "DNS:*.a.com"), "Host: a.com. is not in the cert's altnames: DNS:*.a.com"),
        new Case(27, "a.com", Map.of("subject", Map.of("CN", "b.com"), "subjectaltname", "DNS:a.com"), null),
        new Case(28, "a.com", Map.of("subject", Map.of("CN", "b.com"), "subjectaltname", "DNS:A.COM"), null),
        new Case(29, "a.com", Map.of("subject", Map.of(), "subjectaltname", "DNS:*.a.com"), "Host: a.com. is not in the cert's altnames: DNS:*.a.com"),
        new Case(30, "b.a.com", Map.of("subject", Map.of(), "subjectaltname", "DNS:*.a.com"), null),
        new Case(31, "c.b.a.com", Map.of("subject", Map.of(), "subjectaltname", "DNS:*.a.com"), "Host: c.b.a.com. is not in the cert's altnames: DNS:*.a.com"),
        new Case(32, "b.a.com", Map.of("subject", Map.of(), "subjectaltname", "DNS:*b.a.com"), null),
        new Case(33, "a-cb.a.com", Map.of("subject", Map.of(), "subjectaltname", "DNS:*b.a.com"), null),
        new Case(34, "a.b.a.com", Map.of("subject", Map.of(), "subjectaltname", "DNS:*b.a.com"), "Host: a.b.a.com. is not in the cert's altnames: DNS:*b.a.com"),
        new Case(35, "a.b.a.com", Map.of("subject", Map.of(), "subjectaltname", "DNS:*b.a.com, DNS:a.b.a.com"), null),
        new Case(36, "a.b.a.com", Map.of("subject", Map.of(), "subjectaltname", "URI:http://a.b.a.com/"), "Cert does not contain a DNS name"),
        new Case(37, "a.b.a.com", Map.of("subject", Map.of(), "subjectaltname", "URI:http://*.b.a.com/"), "Cert does not contain a DNS name"),
        new Case(38, "a.b.a.com", Map.of("subject", Map.of(), "subjectaltname", "IP Address:127.0.0.1"), "Cert does not contain a DNS name"),
        new Case(39, "127.0.0.1", Map.of("subject", Map.of(), "subjectaltname", "IP Address:127.0.0.1"), null),
        new Case(40, "127.0.0.2", Map.of("subject", Map.of(), "subjectaltname", "IP Address:127.0.0.1"), "IP: 127.0.0.2 is not in the cert's list: 127.0.0.1"),
        new Case(41, "127.0.0.1", Map.of("subject", Map.of(), "subjectaltname", "DNS:a.com"), "IP: 127.0.0.1 is not in the cert's list: "),
        new Case(42, "localhost", Map.of("subject", Map.of("CN", "localhost"), "subjectaltname", "DNS:a.com"), "Host: localhost. is not in the cert's altnames: DNS:a.com"),
        new Case(43, "xn--bcher-kva.example.com", Map.of("subject", Map.of("CN", "*.example.com")), null),
        new Case(44, "xn--bcher-kva.example.com", Map.of("subject", Map.of("CN", "xn--*.example.com")), "Host: xn--bcher-kva.example.com. is not cert's CN: xn--*.example.com"));

  @Test
  @Timeout(20)
  void nodesTable() {
    for (Case test : TESTS) {
      CertAltNameInvalidError err = Tls.checkServerIdentity(test.host(), PeerCertificate.of(test.cert()));
      assertEquals(test.error(), err == null ? null : err.reason(), "Test# " + test.index() + " failed: " + test);
    }
  }
}

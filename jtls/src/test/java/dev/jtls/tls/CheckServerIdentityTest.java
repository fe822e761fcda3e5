package dev.jtls.tls;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.testing.NodeScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Node's tls.checkServerIdentity rules, one table row per rule. Every expected outcome in the
 * table was produced by Node's own tls.checkServerIdentity on the same input, and
 * {@link #nodeAgreesOnEveryRow()} asks node again at test time.
 */
class CheckServerIdentityTest {
  private static final String ALTNAME_PREFIX = "Hostname/IP does not match certificate's altnames: ";

  /** One input and Node's outcome: {@code reason} null = match; {@code throwsAltNameFormat} = throws. */
  record Case(String rule, String host, PeerCertificate cert, String reason, boolean throwsAltNameFormat) {
    @Override
    public String toString() {
      return rule;
    }
  }

  static Stream<Case> table() {
    return Stream.of(
    ok("CN matches when there are no alt names", "a.com", cert(subject("CN", "a.com"), null)),
    fails("CN mismatch", "a.com", cert(subject("CN", "b.com"), null),
        "Host: a.com. is not cert's CN: b.com"),
    fails("CN is ignored when there is a DNS alt name", "a.com", cert(subject("CN", "a.com"), "DNS:b.com"),
        "Host: a.com. is not in the cert's altnames: DNS:b.com"),
    ok("CN is used when the alt names hold only IP addresses", "a.com", cert(subject("CN", "a.com"), "IP Address:1.2.3.4")),
    ok("CN is used when the alt names hold only URIs", "a.com", cert(subject("CN", "a.com"), "URI:http://a.com/")),
    fails("URI alt names never match (CVE-2021-44531)", "a.com", cert(null, "URI:http://a.com/"),
        "Cert does not contain a DNS name"),
    fails("URI alt names never match beside DNS names", "a.com", cert(null, "URI:http://a.com/, DNS:b.com"),
        "Host: a.com. is not in the cert's altnames: URI:http://a.com/, DNS:b.com"),
    fails("URI alt names never match, not even with an empty subject", "a.b.a.com", cert(subject(), "URI:http://a.b.a.com/"),
        "Cert does not contain a DNS name"),
    fails("no subject and no alt names", "a.com", cert(null, null),
        "Cert does not contain a DNS name"),
    fails("subject without CN", "a.com", cert(subject("O", "Org", "OU", "Unit"), null),
        "Cert does not contain a DNS name"),
    fails("empty CN counts as no CN", "a.com", cert(subject("CN", ""), null),
        "Cert does not contain a DNS name"),
    ok("one of several CN values matches", "a.com", cert(subject("CN", List.of("b.com", "a.com")), null)),
    fails("no CN value matches, reason joins them with commas", "a.com", cert(subject("CN", List.of("b.com", "c.com")), null),
        "Host: a.com. is not cert's CN: b.com,c.com"),
    fails("empty list of CN values", "a.com", cert(subject("CN", List.of()), null),
        "Host: a.com. is not cert's CN: "),
    ok("wildcard in CN", "b.a.com", cert(subject("CN", "*.a.com"), null)),
    fails("partial wildcard in CN", "b.a.com", cert(subject("CN", "b*b.a.com"), null),
        "Host: b.a.com. is not cert's CN: b*b.a.com"),
    ok("empty subject with a DNS alt name", "a.com", cert(subject(), "DNS:a.com")),
    ok("DNS alt name and no subject", "a.com", cert(null, "DNS:a.com")),
    fails("empty DNS alt name stops CN use and matches nothing", "a.com", cert(subject("CN", "a.com"), "DNS:"),
        "Host: a.com. is not in the cert's altnames: DNS:"),
    ok("other alt name types are ignored, CN used", "a.com", cert(subject("CN", "a.com"), "email:x@a.com, othername: 1.2.3.4::<unsupported>")),
    ok("second of several DNS names matches", "a.com", cert(null, "DNS:b.com, DNS:a.com")),
    fails("alt names split only at comma and space", "a.com", cert(null, "DNS:b.com,DNS:a.com"),
        "Host: a.com. is not in the cert's altnames: DNS:b.com,DNS:a.com"),
    ok("wildcard matches one label", "b.a.com", cert(null, "DNS:*.a.com")),
    fails("wildcard does not match the bare parent", "a.com", cert(null, "DNS:*.a.com"),
        "Host: a.com. is not in the cert's altnames: DNS:*.a.com"),
    fails("wildcard does not match two labels", "c.b.a.com", cert(null, "DNS:*.a.com"),
        "Host: c.b.a.com. is not in the cert's altnames: DNS:*.a.com"),
    ok("wildcard with a prefix", "bar.a.com", cert(null, "DNS:b*.a.com")),
    fails("wildcard with a prefix that differs", "car.a.com", cert(null, "DNS:b*.a.com"),
        "Host: car.a.com. is not in the cert's altnames: DNS:b*.a.com"),
    ok("wildcard with a suffix", "ab.a.com", cert(null, "DNS:*b.a.com")),
    ok("wildcard may stand for nothing", "b.a.com", cert(null, "DNS:*b.a.com")),
    ok("wildcard between prefix and suffix", "bar.a.com", cert(null, "DNS:b*r.a.com")),
    ok("wildcard between prefix and suffix, empty", "br.a.com", cert(null, "DNS:b*r.a.com")),
    fails("wildcard between prefix and suffix, wrong suffix", "ba.a.com", cert(null, "DNS:b*r.a.com"),
        "Host: ba.a.com. is not in the cert's altnames: DNS:b*r.a.com"),
    fails("wildcard prefix and suffix longer than the label", "bar.a.com", cert(null, "DNS:ba*ar.a.com"),
        "Host: bar.a.com. is not in the cert's altnames: DNS:ba*ar.a.com"),
    fails("wildcard only in the left-most label", "b.c.a.com", cert(null, "DNS:*.*.a.com"),
        "Host: b.c.a.com. is not in the cert's altnames: DNS:*.*.a.com"),
    fails("wildcard not in an inner label", "a.b.com", cert(null, "DNS:a.*.com"),
        "Host: a.b.com. is not in the cert's altnames: DNS:a.*.com"),
    fails("two wildcards in one label", "b.a.com", cert(null, "DNS:**.a.com"),
        "Host: b.a.com. is not in the cert's altnames: DNS:**.a.com"),
    fails("wildcard over a top-level domain", "a.com", cert(null, "DNS:*.com"),
        "Host: a.com. is not in the cert's altnames: DNS:*.com"),
    fails("bare wildcard", "a", cert(null, "DNS:*"),
        "Host: a. is not in the cert's altnames: DNS:*"),
    fails("bare wildcard with a CN", "a.com", cert(subject("CN", "b.com"), "DNS:*"),
        "Host: a.com. is not in the cert's altnames: DNS:*"),
    ok("wildcard with a trailing dot", "b.a.com", cert(null, "DNS:*.a.com.")),
    ok("wildcard is case-insensitive", "B.A.COM", cert(null, "DNS:*.a.com")),
    ok("punycode label matches literally", "xn--bcher-kva.example", cert(null, "DNS:xn--bcher-kva.example")),
    fails("no wildcard inside a punycode label", "xn--bcher-kva.example", cert(null, "DNS:xn--*.example"),
        "Host: xn--bcher-kva.example. is not in the cert's altnames: DNS:xn--*.example"),
    fails("no wildcard inside a punycode label, three labels", "xn--bcher-kva.a.com", cert(null, "DNS:xn--*.a.com"),
        "Host: xn--bcher-kva.a.com. is not in the cert's altnames: DNS:xn--*.a.com"),
    ok("a punycode label with a star compares literally", "xn--*.a.com", cert(null, "DNS:xn--*.a.com")),
    ok("wildcard left of a punycode label", "www.xn--bcher-kva.example", cert(null, "DNS:*.xn--bcher-kva.example")),
    fails("U-labels never match", "b\u00fccher.example", cert(null, "DNS:b\u00fccher.example"),
        "Host: b\u00fccher.example. is not in the cert's altnames: DNS:b\u00fccher.example"),
    fails("U-label in CN never matches", "b\u00fccher.example", cert(subject("CN", "b\u00fccher.example"), null),
        "Host: b\u00fccher.example. is not cert's CN: b\u00fccher.example"),
    fails("empty label in the name never matches", "a..com", cert(null, "DNS:a..com"),
        "Host: a..com. is not in the cert's altnames: DNS:a..com"),
    fails("blank in the name never matches", "a b.com", cert(null, "DNS:a b.com"),
        "Host: a b.com. is not in the cert's altnames: DNS:a b.com"),
    ok("DEL is an allowed character", "a\u007f.com", cert(null, "DNS:a\u007f.com")),
    ok("host is case-insensitive", "A.COM", cert(null, "DNS:a.com")),
    ok("name is case-insensitive", "a.com", cert(null, "DNS:A.COM")),
    fails("only A-Z fold: Kelvin sign is not k", "\u212aa.com", cert(null, "DNS:ka.com"),
        "Host: \u212aa.com. is not in the cert's altnames: DNS:ka.com"),
    fails("only A-Z fold: dotted capital I is not i", "\u0130.com", cert(null, "DNS:i.com"),
        "Host: \u0130.com. is not in the cert's altnames: DNS:i.com"),
    ok("trailing dot on the host", "a.com.", cert(null, "DNS:a.com")),
    ok("trailing dot on the name", "a.com", cert(null, "DNS:a.com.")),
    fails("trailing dot on the host is dropped in the reason", "a.com.", cert(null, "DNS:b.com"),
        "Host: a.com. is not in the cert's altnames: DNS:b.com"),
    ok("only one trailing dot is dropped", "a.com..", cert(null, "DNS:a.com")),
    fails("only one trailing dot is dropped, in the reason", "a.com..", cert(null, "DNS:b.com"),
        "Host: a.com.. is not in the cert's altnames: DNS:b.com"),
    fails("empty host", "", cert(subject("CN", "a.com"), null),
        "Host: . is not cert's CN: a.com"),
    fails("host label count must equal the name's", "a.com", cert(null, "DNS:www.a.com"),
        "Host: a.com. is not in the cert's altnames: DNS:www.a.com"),
    ok("leading-zero dotted quad is a host name, not an IP", "08.8.8.8", cert(null, "DNS:08.8.8.8")),
    ok("out-of-range dotted quad is a host name", "1.2.3.256", cert(subject("CN", "1.2.3.256"), null)),
    fails("IP host never matches the CN", "8.8.8.8", cert(subject("CN", "8.8.8.8"), null),
        "IP: 8.8.8.8 is not in the cert's list: "),
    fails("IP host never matches a DNS name", "8.8.8.8", cert(null, "DNS:8.8.8.8"),
        "IP: 8.8.8.8 is not in the cert's list: "),
    ok("IP host matches an IP alt name", "8.8.8.8", cert(null, "IP Address:8.8.8.8")),
    fails("IP host mismatch lists the IP alt names", "8.8.8.8", cert(null, "DNS:a.com, IP Address:8.8.4.4, IP Address:1.1.1.1"),
        "IP: 8.8.8.8 is not in the cert's list: 8.8.4.4, 1.1.1.1"),
    fails("IP host with a trailing dot", "8.8.8.8.", cert(null, "IP Address:8.8.4.4"),
        "IP: 8.8.8.8 is not in the cert's list: 8.8.4.4"),
    ok("IP host with a trailing dot matches", "8.8.8.8.", cert(null, "IP Address:8.8.8.8")),
    ok("IPv6 host in short form matches the long form", "::1", cert(null, "IP Address:0:0:0:0:0:0:0:1")),
    ok("IPv6 host in long form matches", "0:0:0:0:0:0:0:1", cert(null, "IP Address:0:0:0:0:0:0:0:1")),
    fails("IPv6 mismatch shows canonical forms", "::1", cert(null, "IP Address:0:0:0:0:0:0:0:2"),
        "IP: ::1 is not in the cert's list: ::2"),
    ok("IPv6 host with a zone id", "FE80::1%eth0", cert(null, "IP Address:FE80:0:0:0:0:0:0:1")),
    ok("IPv4-mapped IPv6 host", "::ffff:1.2.3.4", cert(null, "IP Address:0:0:0:0:0:FFFF:102:304")),
    fails("IPv4 host does not match its IPv4-mapped form", "1.2.3.4", cert(null, "IP Address:0:0:0:0:0:FFFF:102:304"),
        "IP: 1.2.3.4 is not in the cert's list: ::ffff:1.2.3.4"),
    ok("IPv4-compatible spelling of ::1", "::0.0.0.1", cert(null, "IP Address:0:0:0:0:0:0:0:1")),
    ok("::2 prints as ::0.0.0.2", "::2", cert(null, "IP Address:0:0:0:0:0:0:0:2")),
    fails("canonical forms of many IPv6 alt names", "2001:db8::1", cert(null, "IP Address:1:0:0:2:0:0:0:3, IP Address:0:0:0:0:0:0:0:0, IP Address:0:0:0:0:0:0:102:304, IP Address:0:0:0:0:0:0:0:1, IP Address:0:0:0:0:0:0:0:2, IP Address:1:0:0:0:0:0:0:0, IP Address:0:0:1:0:0:0:0:0, IP Address:1:0:0:2:0:0:3:4, IP Address:1:0:2:3:4:5:6:7, IP Address:0:0:0:0:0:FFFF:102:304, IP Address:0:0:0:0:FFFF:0:102:304, IP Address:FE80:0:0:0:0:0:0:ABCD, IP Address:2001:DB8:0:0:0:0:0:2"),
        "IP: 2001:db8::1 is not in the cert's list: 1:0:0:2::3, ::, ::1.2.3.4, ::1, ::2, 1::, 0:0:1::, 1::2:0:0:3:4, 1:0:2:3:4:5:6:7, ::ffff:1.2.3.4, ::ffff:0:102:304, fe80::abcd, 2001:db8::2"),
    fails("unparsable IP alt names print as nothing", "8.8.8.8", cert(null, "IP Address:<invalid>, IP Address:01.2.3.4, IP Address:1.2.3.4%x, IP Address:::ffff:1.2.3.4, IP Address:1.2.3.4, IP Address:"),
        "IP: 8.8.8.8 is not in the cert's list: , , , ::ffff:1.2.3.4, 1.2.3.4, "),
    fails("IP host with no IP alt names", "8.8.8.8", cert(null, "DNS:a.com"),
        "IP: 8.8.8.8 is not in the cert's list: "),
    fails("IP host and a cert without alt names", "8.8.8.8", cert(null, null),
        "IP: 8.8.8.8 is not in the cert's list: "),
    fails("1.2.3 is not an IP address", "1.2.3", cert(null, "IP Address:10.0.0.1"),
        "Cert does not contain a DNS name"),
    fails("1.2.3.4.5 is not an IP address", "1.2.3.4.5", cert(null, "IP Address:10.0.0.1"),
        "Cert does not contain a DNS name"),
    fails("01.2.3.4 is not an IP address", "01.2.3.4", cert(null, "IP Address:10.0.0.1"),
        "Cert does not contain a DNS name"),
    fails("256.1.1.1 is not an IP address", "256.1.1.1", cert(null, "IP Address:10.0.0.1"),
        "Cert does not contain a DNS name"),
    fails("1.2.3.4  is not an IP address", "1.2.3.4 ", cert(null, "IP Address:10.0.0.1"),
        "Cert does not contain a DNS name"),
    fails(":: is an IP address", "::", cert(null, "IP Address:10.0.0.1"),
        "IP: :: is not in the cert's list: 10.0.0.1"),
    fails("::: is not an IP address", ":::", cert(null, "IP Address:10.0.0.1"),
        "Cert does not contain a DNS name"),
    fails("1::2::3 is not an IP address", "1::2::3", cert(null, "IP Address:10.0.0.1"),
        "Cert does not contain a DNS name"),
    fails("1:2:3:4:5:6:7:8 is an IP address", "1:2:3:4:5:6:7:8", cert(null, "IP Address:10.0.0.1"),
        "IP: 1:2:3:4:5:6:7:8 is not in the cert's list: 10.0.0.1"),
    fails("1:2:3:4:5:6:7:8:9 is not an IP address", "1:2:3:4:5:6:7:8:9", cert(null, "IP Address:10.0.0.1"),
        "Cert does not contain a DNS name"),
    fails("1:2:3:4:5:6:7:: is an IP address", "1:2:3:4:5:6:7::", cert(null, "IP Address:10.0.0.1"),
        "IP: 1:2:3:4:5:6:7:: is not in the cert's list: 10.0.0.1"),
    fails("::1:2:3:4:5:6:7 is an IP address", "::1:2:3:4:5:6:7", cert(null, "IP Address:10.0.0.1"),
        "IP: ::1:2:3:4:5:6:7 is not in the cert's list: 10.0.0.1"),
    fails("::1:2:3:4:5:6:7:8 is not an IP address", "::1:2:3:4:5:6:7:8", cert(null, "IP Address:10.0.0.1"),
        "Cert does not contain a DNS name"),
    fails("1:2:3:4:5:6:1.2.3.4 is an IP address", "1:2:3:4:5:6:1.2.3.4", cert(null, "IP Address:10.0.0.1"),
        "IP: 1:2:3:4:5:6:1.2.3.4 is not in the cert's list: 10.0.0.1"),
    fails("1:2:3:4:5::1.2.3.4 is an IP address", "1:2:3:4:5::1.2.3.4", cert(null, "IP Address:10.0.0.1"),
        "IP: 1:2:3:4:5::1.2.3.4 is not in the cert's list: 10.0.0.1"),
    fails("1:2:3:4:5:6::1.2.3.4 is not an IP address", "1:2:3:4:5:6::1.2.3.4", cert(null, "IP Address:10.0.0.1"),
        "Cert does not contain a DNS name"),
    fails("::ffff:1.2.3.04 is not an IP address", "::ffff:1.2.3.04", cert(null, "IP Address:10.0.0.1"),
        "Cert does not contain a DNS name"),
    fails("fe80::1% is not an IP address", "fe80::1%", cert(null, "IP Address:10.0.0.1"),
        "Cert does not contain a DNS name"),
    fails("fe80::1%a%b is not an IP address", "fe80::1%a%b", cert(null, "IP Address:10.0.0.1"),
        "Cert does not contain a DNS name"),
    fails("fe80::1%a_b is not an IP address", "fe80::1%a_b", cert(null, "IP Address:10.0.0.1"),
        "Cert does not contain a DNS name"),
    fails("fe80::1%a-b.c:d is an IP address", "fe80::1%a-b.c:d", cert(null, "IP Address:10.0.0.1"),
        "IP: fe80::1%a-b.c:d is not in the cert's list: 10.0.0.1"),
    fails("12345:: is not an IP address", "12345::", cert(null, "IP Address:10.0.0.1"),
        "Cert does not contain a DNS name"),
    fails("g::1 is not an IP address", "g::1", cert(null, "IP Address:10.0.0.1"),
        "Cert does not contain a DNS name"),
    fails(":1:: is not an IP address", ":1::", cert(null, "IP Address:10.0.0.1"),
        "Cert does not contain a DNS name"),
    fails("1::2: is not an IP address", "1::2:", cert(null, "IP Address:10.0.0.1"),
        "Cert does not contain a DNS name"),
    fails("1.2.3.4%eth0 is not an IP address", "1.2.3.4%eth0", cert(null, "IP Address:10.0.0.1"),
        "Cert does not contain a DNS name"),
    fails("[::1] is not an IP address", "[::1]", cert(null, "IP Address:10.0.0.1"),
        "Cert does not contain a DNS name"),
    fails("::1.2.3.4 is an IP address", "::1.2.3.4", cert(null, "IP Address:10.0.0.1"),
        "IP: ::1.2.3.4 is not in the cert's list: 10.0.0.1"),
    fails("1::1.2.3.4 is an IP address", "1::1.2.3.4", cert(null, "IP Address:10.0.0.1"),
        "IP: 1::1.2.3.4 is not in the cert's list: 10.0.0.1"),
    fails("1.2.3.4:: is not an IP address", "1.2.3.4::", cert(null, "IP Address:10.0.0.1"),
        "Cert does not contain a DNS name"),
    fails("FFFF:: is an IP address", "FFFF::", cert(null, "IP Address:10.0.0.1"),
        "IP: FFFF:: is not in the cert's list: 10.0.0.1"),
    fails("1:2:3:4:5:6:7:8%zone is an IP address", "1:2:3:4:5:6:7:8%zone", cert(null, "IP Address:10.0.0.1"),
        "IP: 1:2:3:4:5:6:7:8%zone is not in the cert's list: 10.0.0.1"),
    fails("::ffff:255.255.255.255 is an IP address", "::ffff:255.255.255.255", cert(null, "IP Address:10.0.0.1"),
        "IP: ::ffff:255.255.255.255 is not in the cert's list: 10.0.0.1"),
    ok("quoted DNS name", "a.com", cert(null, "DNS:\"a.com\"")),
    fails("comma inside quotes does not split", "a.com", cert(null, "DNS:\"a.com, b.com\""),
        "Host: a.com. is not in the cert's altnames: DNS:\"a.com, b.com\""),
    fails("forged name inside quotes does not match", "good.com", cert(null, "DNS:\"evil.com, DNS:good.com\""),
        "Host: good.com. is not in the cert's altnames: DNS:\"evil.com, DNS:good.com\""),
    ok("JSON escapes in quotes are decoded", "a.com", cert(null, "DNS:\"a\\u002ecom\"")),
    ok("quoted URI beside a DNS name", "b.com", cert(null, "URI:\"http://a.com/, x\", DNS:b.com")),
    ok("quote in the middle of a name", "bc.com", cert(null, "DNS:b\"c\".com")),
    ok("quoted name then a trailing comma", "x.com", cert(null, "DNS:\"x.com\",")),
    ok("escaped quote and backslash in quotes", "a.com", cert(null, "DNS:\"q\\\"\\\\\", DNS:a.com")),
    throwsAltNameFormat("unterminated quote throws", "a.com", cert(null, "DNS:\"a.com")),
    throwsAltNameFormat("invalid escape in quotes throws", "a.com", cert(null, "DNS:\"a\\x.com\"")),
    throwsAltNameFormat("control character in quotes throws", "a.com", cert(null, "DNS:\"a\u0001.com\"")),
    throwsAltNameFormat("short unicode escape throws", "a.com", cert(null, "DNS:\"a\\u12\""))

    );
  }

  private static Case ok(String rule, String host, PeerCertificate cert) {
    return new Case(rule, host, cert, null, false);
  }

  private static Case fails(String rule, String host, PeerCertificate cert, String reason) {
    return new Case(rule, host, cert, reason, false);
  }

  private static Case throwsAltNameFormat(String rule, String host, PeerCertificate cert) {
    return new Case(rule, host, cert, null, true);
  }

  /** A certificate object with {@code subject} and {@code subjectaltname} when non-null. */
  private static PeerCertificate cert(Map<String, Object> subject, String subjectaltname) {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (subject != null) {
      fields.put("subject", subject);
    }
    if (subjectaltname != null) {
      fields.put("subjectaltname", subjectaltname);
    }
    return PeerCertificate.of(fields);
  }

  /** An ordered subject from attribute/value pairs (a value is a String or a List of them). */
  private static Map<String, Object> subject(Object... attributesAndValues) {
    Map<String, Object> subject = new LinkedHashMap<>();
    for (int i = 0; i < attributesAndValues.length; i += 2) {
      subject.put((String) attributesAndValues[i], attributesAndValues[i + 1]);
    }
    return subject;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void followsNodeRule(Case c) {
    if (c.throwsAltNameFormat()) {
      NodeError thrown = assertThrows(NodeError.class, () -> ServerIdentity.check(c.host(), c.cert()));
      assertEquals("ERR_TLS_CERT_ALTNAME_FORMAT", thrown.code());
      assertEquals("Invalid subject alternative name string", thrown.getMessage());
      return;
    }
    CertAltNameInvalidError error = ServerIdentity.check(c.host(), c.cert());
    if (c.reason() == null) {
      assertNull(error, () -> "expected a match, got: " + error.reason());
    } else {
      assertTrue(error != null, "expected a mismatch: " + c.reason());
      assertEquals(c.reason(), error.reason());
    }
  }

  @Test
  void errorCarriesNodeCodeMessageHostWithoutTrailingDotAndTheCert() {
    PeerCertificate cert = cert(subject("CN", "b.com"), null);

    CertAltNameInvalidError error = ServerIdentity.check("a.com.", cert);

    assertAll(
        () -> assertEquals("ERR_TLS_CERT_ALTNAME_INVALID", error.code()),
        () -> assertEquals("Host: a.com. is not cert's CN: b.com", error.reason()),
        () -> assertEquals(ALTNAME_PREFIX + "Host: a.com. is not cert's CN: b.com", error.getMessage()),
        () -> assertEquals("a.com", error.host()),
        () -> assertSame(cert, error.cert()));
  }

  @Test
  void emptyCertificateObjectHasNoDnsName() {
    CertAltNameInvalidError error = ServerIdentity.check("localhost", PeerCertificate.empty());

    assertEquals("Cert does not contain a DNS name", error.reason());
  }

  @Test
  void nodeAgreesOnEveryRow() throws IOException, InterruptedException {
    List<Case> cases = table().toList();
    List<String> nodeLines = runNode(cases);

    assertEquals(cases.size(), nodeLines.size(), "one line from node per case");
    List<Runnable> checks = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      Case c = cases.get(i);
      List<String> node = decode(nodeLines.get(i));
      checks.add(() -> assertEquals(node, jtlsOutcome(c), c.rule()));
    }
    assertAll(checks.stream().map(check -> check::run));
  }

  /** jtls's outcome as the node script reports one: OK, ERROR code reason host message, or THROWN code message. */
  private static List<String> jtlsOutcome(Case c) {
    try {
      CertAltNameInvalidError error = ServerIdentity.check(c.host(), c.cert());
      if (error == null) {
        return List.of("OK");
      }
      return List.of("ERROR", error.code(), error.reason(), error.host(), error.getMessage());
    } catch (NodeError thrown) {
      return List.of("THROWN", thrown.code(), thrown.getMessage());
    }
  }

  /** A line of the node script: its tag, then its base64 fields decoded. */
  private static List<String> decode(String line) {
    String[] fields = line.split(" ", -1);
    List<String> decoded = new ArrayList<>(List.of(fields[0]));
    for (int i = 1; i < fields.length; i++) {
      decoded.add(new String(Base64.getDecoder().decode(fields[i]), StandardCharsets.UTF_8));
    }
    return decoded;
  }

  /** Node's outcome for every case, one line each, from src/test/resources/node/check-server-identity.js. */
  private static List<String> runNode(List<Case> cases) throws IOException, InterruptedException {
    StringBuilder json = new StringBuilder("[");
    for (Case c : cases) {
      json.append(json.length() > 1 ? "," : "").append('[');
      Json.write(json, c.host());
      json.append(',');
      Json.write(json, c.cert().fields());
      json.append(']');
    }
    json.append(']');
    return NodeScript.run("check-server-identity.js", json.toString());
  }

  /** Just enough JSON for certificate objects: strings, lists and ordered maps. */
  private static final class Json {
    static void write(StringBuilder out, Object value) {
      switch (value) {
        case String s -> {
          out.append('"');
          for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
              out.append('\\').append(ch);
            } else if (ch < 0x20 || ch > 0x7e) {
              out.append(String.format("\\u%04x", (int) ch));
            } else {
              out.append(ch);
            }
          }
          out.append('"');
        }
        case List<?> list -> {
          out.append('[');
          for (int i = 0; i < list.size(); i++) {
            out.append(i > 0 ? "," : "");
            write(out, list.get(i));
          }
          out.append(']');
        }
        case Map<?, ?> map -> {
          out.append('{');
          boolean first = true;
          for (Map.Entry<?, ?> e : map.entrySet()) {
            out.append(first ? "" : ",");
            first = false;
            write(out, (String) e.getKey());
            out.append(':');
            write(out, e.getValue());
          }
          out.append('}');
        }
        default -> throw new IllegalArgumentException("not JSON here: " + value);
      }
    }
  }
}

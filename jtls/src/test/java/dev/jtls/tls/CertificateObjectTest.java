package dev.jtls.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.internal.openssl.Owned;
import dev.jtls.internal.openssl.Stack;
import dev.jtls.internal.openssl.X509;
import dev.jtls.internal.openssl.X509Store;
import dev.jtls.testing.NoNativeLeaks;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Node's certificate object, byte for byte: jtls's JSON of each certificate against what the
 * {@code node} on PATH prints ({@code src/test/resources/node/cert-object.js}) for the same
 * certificates, over a real TLS connection for {@code getPeerCertificate([detailed])} and through
 * {@code X509Certificate.toLegacyObject()} for certificates no server presents.
 */
@ExtendWith(NoNativeLeaks.class)
class CertificateObjectTest {

  private static final Pattern PEM_CERTIFICATE =
      Pattern.compile("-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", Pattern.DOTALL);

  /** What Node's client saw: getPeerCertificate(), getPeerCertificate(true), self links by depth. */
  private record NodeView(String certificate, String detailed, String selfLinks) {}

  // --- getPeerCertificate() / getPeerCertificate(true) against Node's TLS client

  /** A TLS server presenting {@code chain} (with {@code key}) to a client trusting {@code cas}. */
  private record TlsCase(String key, String chain, String... cas) {}

  static Stream<Named<TlsCase>> tlsCases() {
    return Stream.of(
        Named.of("RSA leaf with repeated OU, SAN, infoAccess and EKU, linked through the peer chain to a trusted root",
            new TlsCase("pki/server.key", "pki/server-chain.pem", "pki/root-ca.pem")),
        Named.of("EC leaf", new TlsCase("pki/server-ec.key", "pki/server-ec-chain.pem", "pki/root-ca.pem")),
        Named.of("client certificate chain", new TlsCase("pki/client.key", "pki/client-chain.pem", "pki/root-ca.pem")),
        Named.of("self-signed leaf is its own issuer",
            new TlsCase("pki/self-signed.key", "pki/self-signed.pem", "pki/self-signed.pem")),
        Named.of("issuers missing from the peer chain come from the trust store",
            new TlsCase("pki/server.key", "pki/server.pem", "pki/intermediate-ca.pem", "pki/root-ca.pem")),
        Named.of("chain ends without a self link when no root is known",
            new TlsCase("pki/server.key", "pki/server-chain.pem", "pki/intermediate-ca.pem")),
        // OpenSSL does not take a self-signed certificate without keyCertSign as self-issued, so
        // Node asks the store for its issuer, gets the store's copy, asks again, gets that same
        // object back and stops: leaf -> copy -> copy, no self link.
        Named.of("self-signed leaf without keyCertSign is linked twice from the trust store",
            new TlsCase("certobj/edge-names.key", "certobj/edge-names.pem", "certobj/edge-names.pem")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tlsCases")
  void peerCertificateAndDetailedChainMatchNodeClient(TlsCase tls) throws Exception {
    List<String> args = new ArrayList<>(List.of("tls", resource(tls.key()).toString(), resource(tls.chain()).toString()));
    for (String ca : tls.cas()) {
      args.add(resource(ca).toString());
    }
    List<String> lines = runNode(args.toArray(String[]::new));
    assertEquals(3, lines.size(), "lines node printed: " + lines);
    NodeView node = new NodeView(lines.get(0), lines.get(1), lines.get(2));

    PeerCertificate detailed = detailedFromFiles(tls.chain(), tls.cas());
    assertEquals(node.certificate(), CertificateObjects.fromDer(certificates(tls.chain()).getFirst()).toJson());
    assertEquals(node.detailed(), detailed.toJson());
    assertEquals(node.selfLinks(), selfLinks(detailed));
  }

  // --- X509Certificate.toLegacyObject() against Node, for certificates no server presents here

  @ParameterizedTest
  @ValueSource(strings = {"pki/root-ca.pem", "pki/intermediate-ca.pem", "pki/ca-bundle.pem", "pki/client-ec.pem",
      "pki/expired.pem", "pki/not-yet-valid.pem", "pki/wrong-host.pem", "certobj/edge-names.pem",
      "certobj/edge-rsa-v1.pem", "certobj/edge-ec-compressed.pem", "certobj/edge-ed25519.pem",
      "certobj/edge-rsa-pss.pem"})
  void certificateObjectMatchesNodeLegacyObject(String file) throws Exception {
    List<String> node = runNode("legacy", resource(file).toString());
    List<byte[]> ders = certificates(file);
    assertEquals(ders.size(), node.size(), "certificates node printed for " + file);
    for (int i = 0; i < ders.size(); i++) {
      assertEquals(node.get(i), CertificateObjects.fromDer(ders.get(i)).toJson(), file + " #" + i);
    }
  }

  // --- formats, pinned directly

  @Test
  void validFromAndToUseAsn1TimePrintFormatWithSpacePaddedDay() throws Exception {
    PeerCertificate cert = parse("certobj/edge-names.pem");
    assertEquals("Sep  3 21:40:37 2022 GMT", cert.validFrom());
    // 2051 is past 2049, so the certificate holds a GeneralizedTime: same printed form.
    assertEquals("Jan  5 08:09:10 2051 GMT", cert.validTo());
  }

  @Test
  void serialNumberIsUppercaseHexOfWholeBytesWithoutDerSignByte() throws Exception {
    // DER 00 FF 00: the sign byte goes, the zero byte inside the number stays.
    assertEquals("FF00", parse("certobj/edge-rsa-v1.pem").serialNumber());
    // 0x0A0B: whole bytes, so the leading zero digit stays.
    assertEquals("0A0B", parse("certobj/edge-names.pem").serialNumber());
    assertEquals("7FFFFFFFFFFFFFFF", parse("certobj/edge-rsa-pss.pem").serialNumber());
  }

  @Test
  void rsaFieldsAreUppercaseModulusBitsHexExponentAndSpkiPubkey() throws Exception {
    byte[] der = certificates("certobj/edge-rsa-v1.pem").getFirst();
    RSAPublicKey jdk = (RSAPublicKey) new X509Certificate(der).toJdk().getPublicKey();
    PeerCertificate cert = CertificateObjects.fromDer(der);
    assertEquals(jdk.getModulus().toString(16).toUpperCase(), cert.modulus());
    assertEquals(1024, cert.bits());
    assertEquals("0x3", cert.exponent());
    assertArrayEquals(jdk.getEncoded(), cert.pubkey());
    assertEquals(List.of("subject", "issuer", "ca", "modulus", "bits", "exponent", "pubkey", "valid_from",
        "valid_to", "fingerprint", "fingerprint256", "fingerprint512", "serialNumber", "raw"),
        List.copyOf(cert.fields().keySet()));
  }

  @Test
  void fingerprintsAreColonSeparatedUppercaseHexDigestsOfRaw() throws Exception {
    PeerCertificate cert = parse("pki/server.pem");
    assertEquals(colonHex(MessageDigest.getInstance("SHA-1").digest(cert.raw())), cert.fingerprint());
    assertEquals(colonHex(MessageDigest.getInstance("SHA-256").digest(cert.raw())), cert.fingerprint256());
    assertEquals(colonHex(MessageDigest.getInstance("SHA-512").digest(cert.raw())), cert.fingerprint512());
    assertTrue(cert.fingerprint().matches("([0-9A-F]{2}:){19}[0-9A-F]{2}"), cert.fingerprint());
  }

  @Test
  void ecKeyIsReportedUncompressedWithCurveNamesEvenWhenTheCertificateCarriesItCompressed() throws Exception {
    PeerCertificate cert = parse("certobj/edge-ec-compressed.pem");
    assertEquals(256, cert.bits());
    assertEquals(65, cert.pubkey().length);
    assertEquals(4, cert.pubkey()[0]);
    assertEquals("prime256v1", cert.asn1Curve());
    assertEquals("P-256", cert.nistCurve());
    assertNull(cert.modulus());
  }

  @Test
  void keyTypesNodeDoesNotDescribeHaveNoKeyFields() throws Exception {
    for (String file : List.of("certobj/edge-ed25519.pem", "certobj/edge-rsa-pss.pem")) {
      Map<String, Object> fields = parse(file).fields();
      for (String key : List.of("modulus", "bits", "exponent", "pubkey", "asn1Curve", "nistCurve")) {
        assertFalse(fields.containsKey(key), file + " has " + key);
      }
    }
  }

  @Test
  void subjectRepeatsBecomeListsAndUnknownAttributeTypesUseTheirOid() throws Exception {
    PeerCertificate cert = parse("certobj/edge-names.pem");
    assertEquals(List.of("One", "Two, with comma", "Three"), cert.subject().get("OU"));
    assertEquals("unknown to Node", cert.subject().get("1.2.3.4.5"));
    assertEquals("Zoë \"q\" \\ b", cert.subject().get("CN"));
    assertEquals(List.of("C", "O", "OU", "1.2.3.4.5", "serialNumber", "CN"), List.copyOf(cert.subject().keySet()));
  }

  @Test
  void subjectAltNameQuotesUnsafeNamesAsJsonAndPrintsIpv6WithoutCompression() throws Exception {
    String san = parse("certobj/edge-names.pem").subjectaltname();
    assertTrue(san.startsWith("DNS:edge.jtls.test, DNS:\"comma\\u002cin.jtls.test\", IP Address:10.0.0.255, "
        + "IP Address:2001:DB8:0:0:1:0:0:FF, IP Address:FE80:0:0:0:0:0:0:0, email:\"\\\"quoted\\\"@jtls.test\", "), san);
    assertTrue(san.contains(", othername:UPN:upn@jtls.test, othername:SRVName:_https.edge.jtls.test, "), san);
    assertTrue(san.contains(", othername:<unsupported>, "), san);
    assertTrue(san.contains(", othername:\"SRVName:_srv\\u0001tab\\u0009del\\u007f\""), san);
    assertTrue(san.contains(", Registered ID:1.2.3.4.5.6.7"), san);
    assertEquals("DNS:localhost, DNS:*.jtls.test, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, "
        + "email:server@jtls.test, URI:https://jtls.test/", parse("pki/server.pem").subjectaltname());
  }

  @Test
  void infoAccessGroupsLocationsByMethodAndUnquotesQuotedOnes() throws Exception {
    Map<String, Object> info = parse("certobj/edge-names.pem").infoAccess();
    assertEquals(List.of("OCSP - URI", "CA Issuers - URI", "CA Issuers - DirName", "1.2.3.4.99 - DNS"),
        List.copyOf(info.keySet()));
    assertEquals(List.of("http://ocsp.jtls.test/", "http://ocsp2.jtls.test/a,b"), info.get("OCSP - URI"));
    assertEquals(List.of("CN=Dir Name,O=jtls\\, Inc.,C=UK"), info.get("CA Issuers - DirName"));
  }

  @Test
  void extKeyUsageListsDottedOids() throws Exception {
    assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2", "1.2.3.4.5.6"),
        parse("certobj/edge-names.pem").extKeyUsage());
    assertNull(parse("pki/root-ca.pem").extKeyUsage());
  }

  @Test
  void jsonStringEscapesMatchJsonStringify() throws Exception {
    // Quotes, backslash, every kind of control character, DEL, Latin-1, a surrogate pair and lone surrogates.
    String literal = "\"\\u0000\\u001f\\\"\\\\\\b\\f\\n\\r\\t\\u007f\\u00e9\\ud83d\\ude00\\ud800x\\udc00 /<\"";
    List<String> node = runNodeScript("console.log(JSON.stringify(JSON.parse(process.argv[1])))", literal);
    StringBuilder ours = new StringBuilder();
    CertificateJson.quote(ours, CertificateJson.parseString(literal));
    assertEquals(node.getFirst(), ours.toString());
  }

  @Test
  void emptyCertificateObjectIsEmptyJsonObject() {
    assertEquals("{}", PeerCertificate.empty().toJson());
  }

  // --- detailed chains, native side

  @Test
  void detailedWithoutChainOrStoreHasNoIssuerUnlessSelfIssued() throws Exception {
    try (Owned leaf = x509("pki/server.pem"); Owned self = x509("pki/self-signed.pem")) {
      assertNull(CertificateObjects.detailed(leaf.get(), MemorySegment.NULL, MemorySegment.NULL).issuerCertificate());
      PeerCertificate selfSigned = CertificateObjects.detailed(self.get(), MemorySegment.NULL, MemorySegment.NULL);
      assertSame(selfSigned, selfSigned.issuerCertificate());
    }
  }

  @Test
  void detailedRootRefersToItselfAndEachLinkIsItsIssuer() throws Exception {
    PeerCertificate leaf = detailedFromFiles("pki/server-chain.pem", "pki/root-ca.pem");
    PeerCertificate intermediate = leaf.issuerCertificate();
    PeerCertificate root = intermediate.issuerCertificate();
    assertEquals(leaf.issuer(), intermediate.subject());
    assertEquals(intermediate.issuer(), root.subject());
    assertSame(root, root.issuerCertificate());
  }

  @Test
  void fromDerRejectsBytesThatAreNotACertificate() {
    assertThrows(IllegalArgumentException.class, () -> CertificateObjects.fromDer(new byte[] {0x30, 0x03, 1, 2, 3}));
  }

  // --- helpers

  /**
   * The detailed object a client gets: the peer chain as the client's SSL_get_peer_cert_chain
   * holds it (leaf first), and the trust store holding separate copies of the CA certificates.
   */
  private static PeerCertificate detailedFromFiles(String chainFile, String... caFiles) throws Exception {
    List<Owned> owned = new ArrayList<>();
    MemorySegment chain = Stack.newNull();
    try (Owned store = X509Store.newStore()) {
      for (byte[] der : certificates(chainFile)) {
        Owned cert = X509.fromDer(der);
        owned.add(cert);
        Stack.push(chain, cert.get());
      }
      for (String caFile : caFiles) {
        for (byte[] der : certificates(caFile)) {
          try (Owned ca = X509.fromDer(der)) {
            X509Store.addCert(store.get(), ca.get());
          }
        }
      }
      return CertificateObjects.detailed(owned.getFirst().get(), chain, store.get());
    } finally {
      Stack.free(chain);
      owned.forEach(Owned::close);
    }
  }

  private static String selfLinks(PeerCertificate cert) {
    List<String> links = new ArrayList<>();
    for (PeerCertificate c = cert; c != null; c = c.issuerCertificate() == c ? null : c.issuerCertificate()) {
      links.add(String.valueOf(c.issuerCertificate() == c));
    }
    return "[" + String.join(",", links) + "]";
  }

  private static PeerCertificate parse(String file) throws Exception {
    return CertificateObjects.fromDer(certificates(file).getFirst());
  }

  private static Owned x509(String file) throws Exception {
    return X509.fromDer(certificates(file).getFirst());
  }

  private static List<byte[]> certificates(String file) throws Exception {
    // Decoded by hand: the JDK's CertificateFactory rejects compressed EC points, which OpenSSL reads.
    try (InputStream in = CertificateObjectTest.class.getResourceAsStream("/" + file)) {
      assertNotNull(in, "missing test resource " + file);
      return PEM_CERTIFICATE.matcher(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).results()
          .map(m -> Base64.getMimeDecoder().decode(m.group(1)))
          .toList();
    }
  }

  private static String colonHex(byte[] bytes) {
    return HexFormat.ofDelimiter(":").withUpperCase().formatHex(bytes);
  }

  private static Path resource(String name) throws URISyntaxException {
    var url = CertificateObjectTest.class.getResource("/" + name);
    assertNotNull(url, "missing test resource " + name);
    return Path.of(url.toURI());
  }

  private static List<String> runNode(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("node", resource("node/cert-object.js").toString()));
    command.addAll(List.of(args));
    return run(command);
  }

  private static List<String> runNodeScript(String script, String arg) throws Exception {
    return run(List.of("node", "-e", script, arg));
  }

  private static List<String> run(List<String> command) throws Exception {
    Process node = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(node.waitFor(60, TimeUnit.SECONDS), "node did not exit");
      assertEquals(0, node.exitValue(), "node exit status for " + command);
      return out.lines().toList();
    } finally {
      node.destroyForcibly();
    }
  }
}

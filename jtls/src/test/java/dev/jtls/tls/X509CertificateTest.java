package dev.jtls.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.testing.Json;
import dev.jtls.testing.NoNativeLeaks;
import dev.jtls.testing.NodeScript;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link X509Certificate} against Node's {@code crypto.X509Certificate}: every property, the
 * {@code check*} methods over a table of names, addresses and options, {@code verify} /
 * {@code checkIssued} / {@code checkPrivateKey} over pairs, and the errors for garbage input, each
 * compared with what the {@code node} on PATH answers for the same bytes
 * ({@code src/test/resources/node/x509-certificate.js}). The certificates are the whole test PKI,
 * the edge certificates of {@code certobj/}, and Node's own fixtures (agent1, ca1, ca3, agent6 and
 * the {@code x509-escaping} set). The assertions of Node's {@code test-crypto-x509.js} that Java
 * can express are folded in at the end (section "test-crypto-x509.js").
 */
@ExtendWith(NoNativeLeaks.class)
class X509CertificateTest {
  private static final Path RESOURCES = Path.of("src/test/resources");
  private static final Pattern PEM_BLOCK =
      Pattern.compile("-----BEGIN ((?:TRUSTED |X509 )?CERTIFICATE)-----.*?-----END \\1-----\n?", Pattern.DOTALL);

  // --- every property, against node

  @Test
  void everyPropertyOfEveryCertificateMatchesNode() throws Exception {
    List<Input> inputs = certificateInputs();
    List<Query> queries = inputs.stream().map(in -> new Query("properties", in.bytes())).toList();
    assertMatchesNode(queries, inputs.stream().map(Input::name).toList());
  }

  // --- checkHost / checkEmail / checkIP, against node

  private static final List<String> HOSTS = List.of("localhost", "LOCALHOST", "a.jtls.test", "A.JTLS.TEST",
      "a.b.jtls.test", "jtls.test", ".jtls.test", "*.jtls.test", "x.localhost", "localhost.", "", "127.0.0.1", "::1",
      "agent1", "agent2", "other.example", "edge.jtls.test", "comma,in.jtls.test", "local\0host", "zoë.jtls.test",
      "example.com", "www.example.com", "good.example.com", "evil.example.com", "a.b.example.com");

  private static final List<String> EMAILS = List.of("server@jtls.test", "SERVER@jtls.test", "server@JTLS.TEST",
      "ry@tinyclouds.org", "sally@example.com", "\"quoted\"@jtls.test", "adam.lippai@tresorit.com", "", "@",
      "not\0hing", "localhost");

  private static final List<String> IPS = List.of("127.0.0.1", "::1", "0:0:0:0:0:0:0:1", "::", "[::]", "127.0.0.2",
      "10.0.0.255", "2001:db8::1:0:0:ff", "2001:DB8:0:0:1:0:0:FF", "fe80::", "::ffff:127.0.0.1", "junk", "", "1.2.3",
      "127.0.0.1\0", "1.2.3.4.5");

  /** Every option that changes OpenSSL's flags, one at a time, and one pair. */
  private static final List<Map<String, Object>> OPTIONS = List.of(Map.of("subject", "default"),
      Map.of("subject", "always"), Map.of("subject", "never"), Map.of("wildcards", false),
      Map.of("partialWildcards", false), Map.of("multiLabelWildcards", true), Map.of("singleLabelSubdomains", true),
      Map.of("subject", "always", "wildcards", false));

  /** Options Node rejects before it looks at the certificate. */
  private static final List<Map<String, Object>> INVALID_OPTIONS = invalidOptions();

  private static List<Map<String, Object>> invalidOptions() {
    List<Map<String, Object>> list = new ArrayList<>();
    list.add(Map.of("subject", "bogus"));
    list.add(Map.of("subject", 1L));
    list.add(Map.of("wildcards", 1L));
    list.add(Map.of("partialWildcards", ""));
    list.add(Map.of("multiLabelWildcards", Map.of()));
    Map<String, Object> nullSubject = new LinkedHashMap<>();
    nullSubject.put("subject", null);
    list.add(nullSubject);
    Map<String, Object> nullWildcards = new LinkedHashMap<>();
    nullWildcards.put("singleLabelSubdomains", null);
    list.add(nullWildcards);
    return list;
  }

  @Test
  void checkHostMatchesNodeForEveryNameAndOption() throws Exception {
    List<Query> queries = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Input in : hostCertificates()) {
      for (String host : HOSTS) {
        queries.add(new Query("checkHost", in.bytes()).arg(host));
        names.add(in.name() + " checkHost " + host);
        for (Map<String, Object> options : OPTIONS) {
          queries.add(new Query("checkHost", in.bytes()).arg(host).options(options));
          names.add(in.name() + " checkHost " + host + " " + options);
        }
      }
    }
    byte[] server = read("pki/server.pem");
    for (Map<String, Object> options : INVALID_OPTIONS) {
      for (String host : List.of("localhost", "other.example")) {
        queries.add(new Query("checkHost", server).arg(host).options(options));
        names.add("pki/server.pem checkHost " + host + " " + options);
      }
    }
    assertMatchesNode(queries, names);
  }

  @Test
  void checkEmailAndCheckIpMatchNode() throws Exception {
    List<Query> queries = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Input in : hostCertificates()) {
      for (String email : EMAILS) {
        queries.add(new Query("checkEmail", in.bytes()).arg(email));
        names.add(in.name() + " checkEmail " + email);
        for (Map<String, Object> options : List.of(Map.<String, Object>of("subject", "always"),
            Map.<String, Object>of("subject", "never"), Map.<String, Object>of("wildcards", 1L))) {
          queries.add(new Query("checkEmail", in.bytes()).arg(email).options(options));
          names.add(in.name() + " checkEmail " + email + " " + options);
        }
      }
      for (String ip : IPS) {
        queries.add(new Query("checkIP", in.bytes()).arg(ip));
        names.add(in.name() + " checkIP " + ip);
      }
    }
    assertMatchesNode(queries, names);
  }

  @Test
  void nullOptionsAreRejectedAsNodeRejectsThem() throws Exception {
    byte[] server = read("pki/server.pem");
    List<Query> queries = List.of(new Query("checkHost", server).arg("localhost").options(null),
        new Query("checkEmail", server).arg("server@jtls.test").options(null),
        new Query("checkIP", server).arg("127.0.0.1").options(null));
    assertMatchesNode(queries, List.of("checkHost", "checkEmail", "checkIP"));
  }

  // --- verify / checkIssued / checkPrivateKey, against node

  @Test
  void verifyAndCheckIssuedMatchNodeForEveryPair() throws Exception {
    List<Input> certs = pairCertificates();
    List<Query> queries = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Input subject : certs) {
      for (Input issuer : certs) {
        queries.add(new Query("checkIssued", subject.bytes()).other(issuer.bytes()));
        names.add(subject.name() + " checkIssued " + issuer.name());
        queries.add(new Query("verify", subject.bytes()).other(issuer.bytes()));
        names.add(subject.name() + " verify " + issuer.name());
      }
    }
    List<Object> node = assertMatchesNode(queries, names);
    assertTrue(node.contains(Map.of("value", true)), "some pairs match");
    assertTrue(node.contains(Map.of("value", false)), "some pairs do not");
  }

  @Test
  void checkPrivateKeyMatchesNodeForEveryCertificateAndKey() throws Exception {
    List<String> keys = List.of("pki/root-ca.key", "pki/intermediate-ca.key", "pki/server.key", "pki/server-ec.key",
        "pki/client.key", "pki/client-ec.key", "pki/self-signed.key", "certobj/edge-names.key",
        "nodefixtures/agent1-key.pem", "nodefixtures/agent6-key.pem", "nodefixtures/x509-escaping/server-key.pem");
    List<Query> queries = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Input cert : pairCertificates()) {
      for (String key : keys) {
        queries.add(new Query("checkPrivateKey", cert.bytes()).key(new String(read(key), StandardCharsets.US_ASCII)));
        names.add(cert.name() + " checkPrivateKey " + key);
      }
    }
    List<Object> node = assertMatchesNode(queries, names);
    assertTrue(node.contains(Map.of("value", true)), "some keys match");
  }

  // --- garbage, against node

  @Test
  void garbageInputThrowsNodesOpenSslError() throws Exception {
    byte[] pem = read("pki/server.pem");
    byte[] der = firstDer("pki/server.pem");
    byte[] random = new byte[300];
    new Random(42).nextBytes(random);
    Map<String, byte[]> inputs = new LinkedHashMap<>();
    inputs.put("junk", bytes("junk"));
    inputs.put("empty", new byte[0]);
    inputs.put("zero bytes", new byte[16]);
    inputs.put("random bytes", random);
    inputs.put("PEM block with a body that is no certificate",
        bytes("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"));
    inputs.put("PEM block with bad base64", bytes("-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n"));
    inputs.put("PEM cut in the middle", Arrays.copyOf(pem, 200));
    inputs.put("PEM without its END line", Arrays.copyOf(pem, pem.length - 27));
    inputs.put("DER cut in the middle", Arrays.copyOf(der, 100));
    inputs.put("DER with one byte missing", Arrays.copyOf(der, der.length - 1));
    inputs.put("a private key", read("pki/server.key"));
    inputs.put("a key and a certificate after it", concat(read("pki/server.key"), pem));
    inputs.put("text before the PEM block", concat(bytes("junk\n"), pem));
    inputs.put("text after the PEM block", concat(pem, bytes("trailing")));
    inputs.put("bytes after the DER", concat(der, bytes("xx")));
    inputs.put("DER with a changed signature byte", flipLastByte(der));
    List<Query> queries = inputs.values().stream().map(b -> new Query("new", b)).toList();
    assertMatchesNode(queries, List.copyOf(inputs.keySet()));
  }

  @Test
  void nullInputIsNodesInvalidArgType() {
    NodeError e = assertThrows(NodeError.class, () -> new X509Certificate((byte[]) null));
    assertEquals("ERR_INVALID_ARG_TYPE", e.code());
    assertEquals("The \"buffer\" argument must be of type string or an instance of Buffer, TypedArray, or DataView."
        + " Received null", e.getMessage());
    assertEquals("ERR_INVALID_ARG_TYPE", assertThrows(NodeError.class, () -> new X509Certificate((String) null)).code());
  }

  // --- Java's side of the API

  @Test
  void stringPemAndDerMakeEqualCertificates() throws Exception {
    X509Certificate fromBytes = new X509Certificate(read("pki/server.pem"));
    X509Certificate fromString = new X509Certificate(Files.readString(RESOURCES.resolve("pki/server.pem")));
    X509Certificate fromDer = new X509Certificate(firstDer("pki/server.pem"));
    assertEquals(fromBytes, fromString);
    assertEquals(fromBytes, fromDer);
    assertEquals(fromBytes.hashCode(), fromDer.hashCode());
    assertEquals(fromBytes.toString(), fromDer.toString());
    assertNotEquals(fromBytes, new X509Certificate(read("pki/server-ec.pem")));
  }

  @Test
  void toJdkIsTheSameCertificate() throws Exception {
    X509Certificate cert = new X509Certificate(read("pki/server.pem"));
    java.security.cert.X509Certificate jdk = cert.toJdk();
    assertArrayEquals(cert.raw(), jdk.getEncoded());
    assertEquals(new BigInteger(cert.serialNumber(), 16), jdk.getSerialNumber());
    assertEquals(jdk.getPublicKey(), cert.publicKey());
  }

  @Test
  void publicKeyIsTheJavaKeyOfItsType() throws Exception {
    assertTrue(new X509Certificate(read("pki/server.pem")).publicKey() instanceof RSAPublicKey);
    assertTrue(new X509Certificate(read("pki/server-ec.pem")).publicKey() instanceof ECPublicKey);
    assertTrue(new X509Certificate(read("certobj/edge-ed25519.pem")).publicKey() instanceof EdECPublicKey);
    assertEquals("RSASSA-PSS", new X509Certificate(read("certobj/edge-rsa-pss.pem")).publicKey().getAlgorithm());
    X509Certificate compressed = new X509Certificate(read("certobj/edge-ec-compressed.pem"));
    // The JDK reads EC points only uncompressed: it gets the same key with the point uncompressed.
    ECPublicKey jdk = (ECPublicKey) compressed.publicKey();
    byte[] spki = compressed.publicKeyDer();
    int size = (jdk.getParams().getCurve().getField().getFieldSize() + 7) / 8;
    byte prefix = spki[spki.length - size - 1];
    assertTrue(prefix == 2 || prefix == 3, "the certificate's point is compressed");
    assertEquals(new BigInteger(1, Arrays.copyOfRange(spki, spki.length - size, spki.length)), jdk.getW().getAffineX());
    assertEquals(prefix == 3, jdk.getW().getAffineY().testBit(0));
    for (String file : List.of("pki/server.pem", "pki/server-ec.pem", "certobj/edge-ed25519.pem")) {
      X509Certificate cert = new X509Certificate(read(file));
      assertArrayEquals(cert.publicKeyDer(), cert.publicKey().getEncoded(), file);
      assertEquals(cert.publicKeyPem(), pem("PUBLIC KEY", cert.publicKeyDer()), file);
    }
  }

  @Test
  void verifyTakesJavaKeysFromAnyProvider() throws Exception {
    X509Certificate server = new X509Certificate(read("pki/server.pem"));
    X509Certificate intermediate = new X509Certificate(read("pki/intermediate-ca.pem"));
    assertTrue(server.verify(intermediate.toJdk().getPublicKey()));
    assertFalse(server.verify(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic()));
    assertFalse(server.verify(KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic()));
    NodeError e = assertThrows(NodeError.class, () -> server.verify(null));
    assertEquals("ERR_INVALID_ARG_TYPE", e.code());
  }

  @Test
  void checkPrivateKeyTakesJavaPrivateKeysAsWellAsPem() throws Exception {
    X509Certificate server = new X509Certificate(read("pki/server.pem"));
    X509Certificate serverEc = new X509Certificate(read("pki/server-ec.pem"));
    PrivateKey rsa = privateKey("RSA", "pki/server.key");
    PrivateKey ec = privateKey("EC", "pki/server-ec.key");
    assertTrue(server.checkPrivateKey(rsa));
    assertFalse(server.checkPrivateKey(ec));
    assertTrue(serverEc.checkPrivateKey(ec));
    assertFalse(serverEc.checkPrivateKey(privateKey("RSA", "pki/client.key")));
    assertFalse(server.checkPrivateKey(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate()));
    OpenSslError garbage = assertThrows(OpenSslError.class, () -> server.checkPrivateKey("not a key"));
    // What node's createPrivateKey("not a key") throws.
    assertEquals("ERR_OSSL_UNSUPPORTED", garbage.code());
    assertEquals("error:1E08010C:DECODER routines::unsupported", garbage.getMessage());
  }

  @Test
  void optionsFromJavaSettersMatchTheirOptionBag() {
    X509Certificate agent = new X509Certificate(read("nodefixtures/x509-escaping/alt-0-cert.pem"));
    X509CheckOptions options = new X509CheckOptions().subject("never").wildcards(false).partialWildcards(false)
        .multiLabelWildcards(true).singleLabelSubdomains(true);
    X509CheckOptions fromMap = X509CheckOptions.fromMap(Map.of("subject", "never", "wildcards", false,
        "partialWildcards", false, "multiLabelWildcards", true, "singleLabelSubdomains", true));
    assertEquals(options.flags(), fromMap.flags());
    assertEquals(0x20 | 0x2 | 0x4 | 0x8 | 0x10, options.flags());
    assertEquals(0, new X509CheckOptions().flags());
    assertEquals(agent.checkHost("example.com", options), agent.checkHost("example.com", fromMap));
    NodeError e = assertThrows(NodeError.class, () -> new X509CheckOptions().subject("bogus"));
    assertEquals("The property 'options.subject' is invalid. Received 'bogus'", e.getMessage());
  }

  @Test
  void anInstanceNeedsNoClosingAndHoldsNoNativeObject() {
    // The counts NoNativeLeaks checks stay flat however many instances are alive and used.
    long before = dev.jtls.internal.openssl.LiveNatives.count(dev.jtls.internal.openssl.LiveNatives.Kind.X509);
    List<X509Certificate> alive = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      X509Certificate cert = new X509Certificate(read("pki/server.pem"));
      cert.checkHost("localhost");
      alive.add(cert);
    }
    assertEquals(before, dev.jtls.internal.openssl.LiveNatives.count(dev.jtls.internal.openssl.LiveNatives.Kind.X509));
    assertEquals(50, alive.size());
  }

  // --- test-crypto-x509.js (Node v22's test/parallel), the assertions Java can express. Not ported:
  // isX509Certificate (an internal helper), constructor arguments of the wrong JavaScript type and
  // checkIssued({}) / verify('') (Java's types reject them at compile time; null is checked in
  // nullInputIsNodesInvalidArgType and the tests above), MessageChannel cloning (no Java
  // counterpart), and createSign after failures (Java has no shared OpenSSL error state to leak:
  // every call clears the queue, which checkPrivateKeyTakesJavaPrivateKeysAsWellAsPem exercises).

  private static final String AGENT1_SUBJECT = "C=US\nST=CA\nL=SF\nO=Joyent\nOU=Node.js\nCN=agent1\n"
      + "emailAddress=ry@tinyclouds.org";
  private static final String CA1_SUBJECT = "C=US\nST=CA\nL=SF\nO=Joyent\nOU=Node.js\nCN=ca1\n"
      + "emailAddress=ry@tinyclouds.org";

  @Test
  void testCryptoX509Properties() throws Exception {
    X509Certificate x509 = new X509Certificate(read("nodefixtures/agent1-cert.pem"));
    assertFalse(x509.ca());
    assertEquals(AGENT1_SUBJECT, x509.subject());
    assertNull(x509.subjectAltName());
    assertEquals(CA1_SUBJECT, x509.issuer());
    assertEquals("OCSP - URI:http://ocsp.nodejs.org/\nCA Issuers - URI:http://ca.nodejs.org/ca.cert", x509.infoAccess());
    assertEquals("Sep  3 21:40:37 2022 GMT", x509.validFrom());
    assertEquals("Jun 17 21:40:37 2296 GMT", x509.validTo());
    assertEquals("8B:89:16:C4:99:87:D2:13:1A:64:94:36:38:A5:32:01:F0:95:3B:53", x509.fingerprint());
    assertEquals("2C:62:59:16:91:89:AB:90:6A:3E:98:88:A6:D3:C5:58:58:6C:AE:FF:9C:33:22:7C:B6:77:D3:34:E7:53:4B:05",
        x509.fingerprint256());
    assertEquals("0B:6F:D0:4D:6B:22:53:99:66:62:51:2D:2C:96:F2:58:3F:95:1C:CC:4C:44:9D:B5:59:AA:AD:A8:F6:2A:24:8A:"
        + "BB:06:A5:26:42:52:30:A3:37:61:30:A9:5A:42:63:E0:21:2F:D6:70:63:07:96:6F:27:A7:78:12:08:02:7A:8B",
        x509.fingerprint512());
    assertNull(x509.keyUsage());
    assertEquals("147D36C1C2F74206DE9FAB5F2226D78ADB00A426", x509.serialNumber());
    assertArrayEquals(firstDer("nodefixtures/agent1-cert.pem"), x509.raw());
    assertTrue(x509.publicKey() instanceof RSAPublicKey);
    assertEquals(Files.readString(RESOURCES.resolve("nodefixtures/agent1-cert.pem")).replace("\r\n", "\n"),
        x509.toString());
    assertEquals(x509.toString(), x509.toJSON());
  }

  @Test
  void testCryptoX509Checks() throws Exception {
    X509Certificate x509 = new X509Certificate(read("nodefixtures/agent1-cert.pem"));
    assertTrue(x509.checkPrivateKey(Files.readString(RESOURCES.resolve("nodefixtures/agent1-key.pem"))));
    assertNull(x509.checkIP("127.0.0.1"));
    assertNull(x509.checkIP("::"));
    assertEquals("agent1", x509.checkHost("agent1"));
    assertNull(x509.checkHost("agent2"));
    assertEquals("ry@tinyclouds.org", x509.checkEmail("ry@tinyclouds.org"));
    assertNull(x509.checkEmail("sally@example.com"));
    assertEquals("ERR_INVALID_ARG_VALUE", assertThrows(NodeError.class, () -> x509.checkHost("agent\u00001")).code());
    assertEquals("ERR_INVALID_ARG_VALUE", assertThrows(NodeError.class, () -> x509.checkIP("[::]")).code());
    assertEquals("ERR_INVALID_ARG_VALUE", assertThrows(NodeError.class, () -> x509.checkEmail("not\u0000hing")).code());
    assertEquals("ERR_INVALID_ARG_TYPE", assertThrows(NodeError.class, () -> x509.checkHost("agent1", null)).code());
    assertEquals("ERR_INVALID_ARG_TYPE",
        assertThrows(NodeError.class, () -> X509CheckOptions.fromMap(Map.of("subject", 1L))).code());
    for (String key : List.of("wildcards", "partialWildcards", "multiLabelWildcards", "singleLabelSubdomains")) {
      for (Object value : Arrays.asList(1L, "", null, Map.of())) {
        Map<String, Object> bag = new LinkedHashMap<>();
        bag.put(key, value);
        assertEquals("ERR_INVALID_ARG_TYPE", assertThrows(NodeError.class, () -> X509CheckOptions.fromMap(bag)).code(),
            key + "=" + value);
      }
    }

    X509Certificate ca = new X509Certificate(read("nodefixtures/ca1-cert.pem"));
    assertTrue(x509.checkIssued(ca));
    assertFalse(x509.checkIssued(x509));
    assertTrue(x509.verify(ca.publicKey()));
    assertFalse(x509.verify(x509.publicKey()));
    assertEquals("ERR_INVALID_ARG_TYPE", assertThrows(NodeError.class, () -> x509.checkIssued(null)).code());

    // Failures of verify, checkPrivateKey, ca, checkIssued and toLegacyObject leave nothing behind.
    assertFalse(x509.verify(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic()));
    assertFalse(x509.checkPrivateKey(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate()));
    assertTrue(x509.checkPrivateKey(Files.readString(RESOURCES.resolve("nodefixtures/agent1-key.pem"))));
  }

  @Test
  void testCryptoX509LegacyObject() throws Exception {
    X509Certificate x509 = new X509Certificate(read("nodefixtures/agent1-cert.pem"));
    PeerCertificate legacy = x509.toLegacyObject();
    assertArrayEquals(x509.raw(), legacy.raw());
    assertEquals(Map.of("C", "US", "ST", "CA", "L", "SF", "O", "Joyent", "OU", "Node.js", "CN", "agent1",
        "emailAddress", "ry@tinyclouds.org"), legacy.subject());
    assertEquals(Map.of("C", "US", "ST", "CA", "L", "SF", "O", "Joyent", "OU", "Node.js", "CN", "ca1",
        "emailAddress", "ry@tinyclouds.org"), legacy.issuer());
    assertEquals(Map.of("OCSP - URI", List.of("http://ocsp.nodejs.org/"),
        "CA Issuers - URI", List.of("http://ca.nodejs.org/ca.cert")), legacy.infoAccess());
    assertEquals("D456320AFB20D3827093DC2C4284ED04DFBABD56E1DDAE529E28B790CD42"
        + "56DB273349F3735FFD337C7A6363ECCA5A27B7F73DC7089A96C6D886DB0C"
        + "62388F1CDD6A963AFCD599D5800E587A11F908960F84ED50BA25A28303EC"
        + "DA6E684FBE7BAEDC9CE8801327B1697AF25097CEE3F175E400984C0DB6A8"
        + "EB87BE03B4CF94774BA56FFFC8C63C68D6ADEB60ABBE69A7B14AB6A6B9E7"
        + "BAA89B5ADAB8EB07897C07F6D4FA3D660DFF574107D28E8F63467A788624"
        + "C574197693E959CEA1362FFAE1BBA10C8C0D88840ABFEF103631B2E8F5C3"
        + "9B5548A7EA57E8A39F89291813F45A76C448033A2B7ED8403F4BAA147CF3"
        + "5E2D2554AA65CE49695797095BF4DC6B", legacy.modulus());
    assertEquals(2048, legacy.bits());
    assertEquals("0x10001", legacy.exponent());
    assertEquals("Sep  3 21:40:37 2022 GMT", legacy.validFrom());
    assertEquals("Jun 17 21:40:37 2296 GMT", legacy.validTo());
    assertEquals("8B:89:16:C4:99:87:D2:13:1A:64:94:36:38:A5:32:01:F0:95:3B:53", legacy.fingerprint());
    assertEquals("2C:62:59:16:91:89:AB:90:6A:3E:98:88:A6:D3:C5:58:58:6C:AE:FF:9C:33:22:7C:B6:77:D3:34:E7:53:4B:05",
        legacy.fingerprint256());
    assertEquals("147D36C1C2F74206DE9FAB5F2226D78ADB00A426", legacy.serialNumber());
  }

  // --- the comparison machinery

  /** One question for both implementations; serialised for x509-certificate.js. */
  private static final class Query {
    final String op;
    final byte[] input;
    String arg;
    boolean hasOptions;
    Map<String, Object> options;
    byte[] other;
    String key;

    Query(String op, byte[] input) {
      this.op = op;
      this.input = input;
    }

    Query arg(String value) {
      this.arg = value;
      return this;
    }

    Query options(Map<String, Object> value) {
      this.hasOptions = true;
      this.options = value;
      return this;
    }

    Query other(byte[] value) {
      this.other = value;
      return this;
    }

    Query key(String value) {
      this.key = value;
      return this;
    }

    String json() {
      StringBuilder sb = new StringBuilder("{\"op\":");
      CertificateJson.quote(sb, op);
      sb.append(",\"input\":\"").append(Base64.getEncoder().encodeToString(input)).append('"');
      if (arg != null) {
        sb.append(",\"arg\":");
        CertificateJson.quote(sb, arg);
      }
      if (hasOptions) {
        sb.append(",\"options\":");
        writeJson(sb, options);
      }
      if (other != null) {
        sb.append(",\"other\":\"").append(Base64.getEncoder().encodeToString(other)).append('"');
      }
      if (key != null) {
        sb.append(",\"key\":");
        CertificateJson.quote(sb, key);
      }
      return sb.append('}').toString();
    }

    /** jtls's answer, in the shape the script prints: {value} or {error}. */
    Map<String, Object> jtls() {
      try {
        return Map.of("value", answer());
      } catch (NodeError e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", e.code());
        error.put("message", e.getMessage());
        error.put("library", e instanceof OpenSslError o ? o.library() : null);
        error.put("reason", e instanceof OpenSslError o ? o.reason() : null);
        error.put("stack", e instanceof OpenSslError o ? o.opensslErrorStack() : null);
        return Map.of("error", error);
      }
    }

    private Object answer() {
      X509Certificate cert = certificate(input);
      return switch (op) {
        case "properties" -> properties(cert);
        case "new" -> true;
        case "checkHost" -> orNull(() -> hasOptions ? cert.checkHost(arg, checkOptions()) : cert.checkHost(arg));
        case "checkEmail" -> orNull(() -> hasOptions ? cert.checkEmail(arg, checkOptions()) : cert.checkEmail(arg));
        case "checkIP" -> orNull(() -> hasOptions ? cert.checkIP(arg, checkOptions()) : cert.checkIP(arg));
        case "checkIssued" -> cert.checkIssued(certificate(other));
        case "verify" -> cert.verify(certificate(other).publicKey());
        case "checkPrivateKey" -> cert.checkPrivateKey(key);
        default -> throw new IllegalArgumentException(op);
      };
    }

    private X509CheckOptions checkOptions() {
      return options == null ? null : X509CheckOptions.fromMap(options);
    }
  }

  /** Certificates asked about many times are read once, as the node script does. */
  private static final Map<byte[], X509Certificate> READ = Collections.synchronizedMap(new IdentityHashMap<>());

  private static X509Certificate certificate(byte[] input) {
    X509Certificate cert = READ.get(input);
    if (cert == null) {
      cert = new X509Certificate(input);
      READ.put(input, cert);
    }
    return cert;
  }

  /** Map.of cannot hold null: a null answer becomes this marker, and back. */
  private static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  private static Object orNull(Supplier<Object> answer) {
    Object value = answer.get();
    return value == null ? NULL : value;
  }

  private static Map<String, Object> properties(X509Certificate x) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("subject", x.subject());
    p.put("subjectAltName", x.subjectAltName());
    p.put("issuer", x.issuer());
    p.put("infoAccess", x.infoAccess());
    p.put("validFrom", x.validFrom());
    p.put("validTo", x.validTo());
    p.put("fingerprint", x.fingerprint());
    p.put("fingerprint256", x.fingerprint256());
    p.put("fingerprint512", x.fingerprint512());
    p.put("keyUsage", x.keyUsage());
    p.put("serialNumber", x.serialNumber());
    p.put("raw", HexFormat.of().formatHex(x.raw()));
    p.put("ca", x.ca());
    p.put("toString", x.toString());
    p.put("toJSON", x.toJSON());
    p.put("publicKey", x.publicKeyPem());
    p.put("issuerCertificate", x.issuerCertificate() == null ? null : "set");
    p.put("legacy", x.toLegacyObject().toJson());
    return p;
  }

  /** Asks node every query in one run and asserts jtls answers each the same; returns node's answers. */
  private static List<Object> assertMatchesNode(List<Query> queries, List<String> names) throws Exception {
    String stdin = "[" + String.join(",", queries.stream().map(Query::json).toList()) + "]";
    List<String> lines = NodeScript.run("x509-certificate.js", stdin);
    assertEquals(1, lines.size(), "node printed one line");
    @SuppressWarnings("unchecked")
    List<Object> node = (List<Object>) Json.parse(lines.getFirst());
    assertEquals(queries.size(), node.size(), "answers");
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < queries.size(); i++) {
      Object jtls = normalise(queries.get(i).jtls());
      if (!node.get(i).equals(jtls)) {
        mismatches.add(names.get(i) + "\n  node: " + node.get(i) + "\n  jtls: " + jtls);
      }
    }
    assertEquals(List.of(), mismatches, mismatches.size() + " of " + queries.size() + " answers differ");
    return node;
  }

  /** The jtls answer as Json.parse would give the same JSON: null for the marker, nested maps and lists copied. */
  private static Object normalise(Object value) {
    if (value == NULL) {
      return null;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put((String) k, normalise(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(v -> copy.add(normalise(v)));
      return copy;
    }
    return value;
  }

  private static void writeJson(StringBuilder sb, Object value) {
    switch (value) {
      case null -> sb.append("null");
      case String s -> CertificateJson.quote(sb, s);
      case Map<?, ?> map -> {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
          if (!first) {
            sb.append(',');
          }
          first = false;
          CertificateJson.quote(sb, (String) e.getKey());
          sb.append(':');
          writeJson(sb, e.getValue());
        }
        sb.append('}');
      }
      default -> sb.append(value);
    }
  }

  // --- inputs

  private record Input(String name, byte[] bytes) {}

  /** Every certificate of every test file: each PEM block as text, and each file's first certificate as DER. */
  private static List<Input> certificateInputs() throws IOException {
    List<Input> inputs = new ArrayList<>();
    for (String file : certificateFiles()) {
      String text = new String(read(file), StandardCharsets.US_ASCII);
      Matcher m = PEM_BLOCK.matcher(text);
      for (int i = 0; m.find(); i++) {
        inputs.add(new Input(file + " #" + i, bytes(m.group())));
      }
      inputs.add(new Input(file + " DER", firstDer(file)));
    }
    return inputs;
  }

  private static List<String> certificateFiles() throws IOException {
    List<String> files = new ArrayList<>();
    for (String dir : List.of("pki", "certobj", "nodefixtures", "nodefixtures/x509-escaping")) {
      try (Stream<Path> list = Files.list(RESOURCES.resolve(dir))) {
        list.map(p -> dir + "/" + p.getFileName())
            .filter(f -> f.endsWith(".pem") && PEM_BLOCK.matcher(new String(read(f), StandardCharsets.US_ASCII)).find())
            .sorted()
            .forEach(files::add);
      }
    }
    return files;
  }

  /** Certificates with names to match: the leaves of the PKI and Node's fixtures with subjectAltName variants. */
  private static List<Input> hostCertificates() throws IOException {
    List<Input> inputs = new ArrayList<>();
    for (String file : certificateFiles()) {
      if (!file.contains("-ca") && !file.contains("chain") && !file.contains("bundle") && !file.contains("/subj-")
          && !file.contains("/info-")) {
        inputs.add(new Input(file, read(file)));
      }
    }
    return inputs;
  }

  /** Issuers and subjects of several key types, related and not. */
  private static List<Input> pairCertificates() {
    return Stream.of("pki/root-ca.pem", "pki/intermediate-ca.pem", "pki/server.pem", "pki/server-ec.pem",
            "pki/client-ec.pem", "pki/self-signed.pem", "pki/expired.pem", "certobj/edge-ed25519.pem",
            "certobj/edge-rsa-pss.pem", "certobj/edge-ec-compressed.pem", "certobj/edge-rsa-v1.pem",
            "nodefixtures/agent1-cert.pem", "nodefixtures/ca1-cert.pem", "nodefixtures/agent6-cert.pem",
            "nodefixtures/ca3-cert.pem")
        .map(f -> new Input(f, read(f)))
        .toList();
  }

  static byte[] read(String file) {
    try {
      return Files.readAllBytes(RESOURCES.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] firstDer(String file) {
    Matcher m = PEM_BLOCK.matcher(new String(read(file), StandardCharsets.US_ASCII));
    assertTrue(m.find(), "a certificate in " + file);
    String body = m.group().replaceAll("-----[A-Z0-9 ]+-----", "");
    return Base64.getMimeDecoder().decode(body);
  }

  private static PrivateKey privateKey(String algorithm, String file) throws Exception {
    String body = new String(read(file), StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "");
    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(body)));
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + label + "-----\n";
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private static byte[] flipLastByte(byte[] der) {
    byte[] copy = der.clone();
    copy[copy.length - 1] ^= 1;
    return copy;
  }
}

package dev.jtls.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.testing.NoNativeLeaks;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoNativeLeaks.class)
class SelfSignedIdentityTest {
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final String BASIC_CONSTRAINTS = "2.5.29.19";
  private static final String KEY_USAGE = "2.5.29.15";
  private static final String SUBJECT_KEY_IDENTIFIER = "2.5.29.14";
  // GeneralName tags as numbered by X509Certificate.getSubjectAlternativeNames().
  private static final int DNS = 2;
  private static final int IP = 7;

  @TempDir
  Path dir;

  @Test
  void withoutHostnamesTheCertificateIsForLocalhost() throws Exception {
    SelfSignedIdentity identity = SelfSignedIdentity.generate();
    X509Certificate cert = parse(identity.certPem());

    assertEquals("CN=localhost", cert.getSubjectX500Principal().getName());
    assertEquals(List.of(List.of(DNS, "localhost")), sans(cert));
    assertEquals(List.of("localhost"), identity.hostnames());
  }

  @Test
  void certificateIsSelfIssuedX509v3ForTheFirstHostnameSignedWithEcdsaSha256() throws Exception {
    X509Certificate cert = parse(SelfSignedIdentity.generate("example.test", "other.test").certPem());

    assertEquals(3, cert.getVersion());
    assertEquals("CN=example.test", cert.getSubjectX500Principal().getName());
    assertEquals(cert.getSubjectX500Principal(), cert.getIssuerX500Principal());
    assertEquals("SHA256withECDSA", cert.getSigAlgName());
    cert.verify(cert.getPublicKey());
  }

  @Test
  void serialIsPositiveAndSixteenBytesLong() throws Exception {
    BigInteger serial = parse(SelfSignedIdentity.generate().certPem()).getSerialNumber();

    assertEquals(1, serial.signum());
    assertEquals(16, serial.toByteArray().length);
  }

  @Test
  void extensionsAreCaFalseDigitalSignatureServerAndClientAuthWithSubjectKeyIdentifier() throws Exception {
    X509Certificate cert = parse(SelfSignedIdentity.generate().certPem());

    assertEquals(-1, cert.getBasicConstraints());
    assertEquals(Set.of(BASIC_CONSTRAINTS, KEY_USAGE), cert.getCriticalExtensionOIDs());
    boolean[] keyUsage = cert.getKeyUsage();
    assertTrue(keyUsage[0], "digitalSignature");
    for (int i = 1; i < keyUsage.length; i++) {
      assertFalse(keyUsage[i], "key usage bit " + i);
    }
    assertEquals(List.of(SERVER_AUTH, CLIENT_AUTH), cert.getExtendedKeyUsage());
    assertTrue(cert.getNonCriticalExtensionOIDs().contains(SUBJECT_KEY_IDENTIFIER));
  }

  @Test
  void validityStartsOneMinuteAgoAndLastsOneDayByDefault() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    X509Certificate cert = parse(SelfSignedIdentity.generate().certPem());
    Instant after = Instant.now().plusSeconds(1);

    Instant notBefore = cert.getNotBefore().toInstant();
    assertFalse(notBefore.isBefore(before.minus(Duration.ofMinutes(1))), notBefore.toString());
    assertFalse(notBefore.isAfter(after.minus(Duration.ofMinutes(1))), notBefore.toString());
    assertEquals(Duration.ofDays(1).plusMinutes(1), Duration.between(notBefore, cert.getNotAfter().toInstant()));
  }

  @Test
  void validityCanBeChosen() throws Exception {
    X509Certificate cert = parse(SelfSignedIdentity.generate(Duration.ofDays(30), "localhost").certPem());

    assertEquals(Duration.ofDays(30).plusMinutes(1),
        Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()));
  }

  @Test
  void ipLiteralsBecomeIpSansAndNamesDnsSans() throws Exception {
    X509Certificate cert = parse(SelfSignedIdentity.generate("localhost", "127.0.0.1", "::1", "*.example.test",
        "1.2.3").certPem());

    assertEquals(List.of(List.of(DNS, "localhost"), List.of(IP, "127.0.0.1"), List.of(IP, "0:0:0:0:0:0:0:1"),
        List.of(DNS, "*.example.test"), List.of(DNS, "1.2.3")), sans(cert));
  }

  @Test
  void keyIsUnencryptedPkcs8OnCurveP256() throws Exception {
    SelfSignedIdentity identity = SelfSignedIdentity.generate();

    assertTrue(identity.keyPem().startsWith("-----BEGIN PRIVATE KEY-----\n"), identity.keyPem().lines().findFirst()
        .orElse(""));
    ECPrivateKey key = (ECPrivateKey) privateKey(identity.keyPem());
    ECParameterSpec p256 = p256();
    assertEquals(p256.getCurve(), key.getParams().getCurve());
    assertEquals(p256.getGenerator(), key.getParams().getGenerator());
    assertEquals(p256.getOrder(), key.getParams().getOrder());
    ECPublicKey certKey = (ECPublicKey) parse(identity.certPem()).getPublicKey();
    assertEquals(p256.getOrder(), certKey.getParams().getOrder());
  }

  @Test
  void keySignsWhatTheCertificatesPublicKeyVerifies() throws Exception {
    SelfSignedIdentity identity = SelfSignedIdentity.generate();
    byte[] message = "jtls self-signed identity".getBytes(StandardCharsets.UTF_8);

    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(privateKey(identity.keyPem()));
    signer.update(message);
    byte[] signature = signer.sign();

    Signature verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(parse(identity.certPem()).getPublicKey());
    verifier.update(message);
    assertTrue(verifier.verify(signature));
  }

  @Test
  void opensslCliDerivesTheSamePublicKeyFromKeyAndCertificate() throws Exception {
    SelfSignedIdentity identity = SelfSignedIdentity.generate();
    Path key = write("key.pem", identity.keyPem());
    Path cert = write("cert.pem", identity.certPem());

    String fromKey = openssl("pkey", "-in", key.toString(), "-pubout");
    String fromCert = openssl("x509", "-in", cert.toString(), "-noout", "-pubkey");
    assertTrue(fromKey.startsWith("-----BEGIN PUBLIC KEY-----"), fromKey);
    assertEquals(fromKey, fromCert);
  }

  @Test
  void opensslCliReadsTheRequestedFields() throws Exception {
    Path cert = write("cert.pem", SelfSignedIdentity.generate("example.test", "10.1.2.3").certPem());

    String text = openssl("x509", "-in", cert.toString(), "-noout", "-text");
    for (String expected : List.of("Version: 3 (0x2)", "Signature Algorithm: ecdsa-with-SHA256",
        "Issuer: CN = example.test", "Subject: CN = example.test", "Public-Key: (256 bit)", "NIST CURVE: P-256",
        "DNS:example.test, IP Address:10.1.2.3", "X509v3 Basic Constraints: critical", "CA:FALSE",
        "X509v3 Key Usage: critical", "Digital Signature",
        "TLS Web Server Authentication, TLS Web Client Authentication", "X509v3 Subject Key Identifier")) {
      assertTrue(text.contains(expected), expected + " missing from:\n" + text);
    }
  }

  @Test
  void twoIdentitiesHaveDifferentKeysAndSerials() throws Exception {
    SelfSignedIdentity first = SelfSignedIdentity.generate();
    SelfSignedIdentity second = SelfSignedIdentity.generate();

    assertNotEquals(first.keyPem(), second.keyPem());
    X509Certificate a = parse(first.certPem());
    X509Certificate b = parse(second.certPem());
    assertNotEquals(a.getSerialNumber(), b.getSerialNumber());
    assertFalse(Arrays.equals(a.getPublicKey().getEncoded(), b.getPublicKey().getEncoded()));
  }

  @Test
  void opensslVerifyAcceptsTheCertificateAsItsOwnTrustAnchorForServerAndClient() throws Exception {
    Path cert = write("cert.pem", SelfSignedIdentity.generate("example.test").certPem());

    assertEquals(cert + ": OK\n", openssl("verify", "-CAfile", cert.toString(), "-purpose", "sslserver",
        "-verify_hostname", "example.test", cert.toString()));
    assertEquals(cert + ": OK\n", openssl("verify", "-CAfile", cert.toString(), "-purpose", "sslclient",
        cert.toString()));
  }

  @Test
  void opensslServerServesItToAJavaClientThatTrustsOnlyTheCertificate() throws Exception {
    SelfSignedIdentity identity = SelfSignedIdentity.generate("localhost");
    Path key = write("key.pem", identity.keyPem());
    Path cert = write("cert.pem", identity.certPem());
    Process server = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:0", "-naccept", "1", "-www",
        "-cert", cert.toString(), "-key", key.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try {
      int port = acceptedPort(server);
      // Layered over a socket to 127.0.0.1 but made for "localhost": the name HTTPS identification checks.
      try (Socket tcp = new Socket("127.0.0.1", port);
          SSLSocket socket = (SSLSocket) trusting(parse(identity.certPem())).getSocketFactory()
              .createSocket(tcp, "localhost", port, true)) {
        SSLParameters params = socket.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(params);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        assertArrayEquals(parse(identity.certPem()).getEncoded(), socket.getSession().getPeerCertificates()[0]
            .getEncoded());
        OutputStream out = socket.getOutputStream();
        out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
            .readLine();
        assertEquals("HTTP/1.0 200 ok", status);
      }
      assertTrue(server.waitFor(10, TimeUnit.SECONDS), "s_server did not exit after its one connection");
    } finally {
      server.destroyForcibly();
      server.waitFor();
    }
  }

  @Test
  void malformedHostnamesAreRejectedBeforeOpenSsl() {
    assertEquals("ERR_INVALID_ARG_VALUE", assertThrows(NodeError.class, () -> SelfSignedIdentity.generate("")).code());
    assertEquals("ERR_INVALID_ARG_VALUE",
        assertThrows(NodeError.class, () -> SelfSignedIdentity.generate("a.test,DNS:b.test")).code());
    assertEquals("ERR_INVALID_ARG_VALUE",
        assertThrows(NodeError.class, () -> SelfSignedIdentity.generate("a test")).code());
    assertEquals("ERR_INVALID_ARG_TYPE",
        assertThrows(NodeError.class, () -> SelfSignedIdentity.generate("a.test", null)).code());
    assertEquals("ERR_OUT_OF_RANGE",
        assertThrows(NodeError.class, () -> SelfSignedIdentity.generate(Duration.ZERO, "a.test")).code());
  }

  @Test
  void whatOpenSslRefusesBecomesAnOpenSslErrorWithNodesCode() {
    OpenSslError badIp = assertThrows(OpenSslError.class, () -> SelfSignedIdentity.generate("1:2:zz"));
    assertEquals("ERR_OSSL_X509V3_BAD_IP_ADDRESS", badIp.code());
    assertEquals("bad ip address", badIp.reason());

    OpenSslError longName = assertThrows(OpenSslError.class, () -> SelfSignedIdentity.generate("a".repeat(65)));
    assertEquals("ERR_OSSL_ASN1_STRING_TOO_LONG", longName.code());
  }

  @Test
  void toStringNamesTheHostsButNotTheKey() {
    SelfSignedIdentity identity = SelfSignedIdentity.generate("a.test", "127.0.0.1");

    assertEquals("SelfSignedIdentity[a.test, 127.0.0.1]", identity.toString());
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  /** Runs the openssl CLI to completion and returns its output; fails on a non-zero exit. */
  private static String openssl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), String.join(" ", command) + ":\n" + output);
    return output;
  }

  /** Reads s_server's output up to its "ACCEPT 127.0.0.1:port" line. */
  private static int acceptedPort(Process server) throws IOException {
    BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (line.startsWith("ACCEPT ")) {
        return Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
      }
    }
    throw new AssertionError("openssl s_server exited without accepting");
  }

  private static SSLContext trusting(X509Certificate cert) throws GeneralSecurityException, IOException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("self-signed", cert);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  private static X509Certificate parse(String pem) throws GeneralSecurityException {
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  private static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    String base64 = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "");
    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(base64)));
  }

  private static ECParameterSpec p256() throws GeneralSecurityException {
    AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
    params.init(new ECGenParameterSpec("secp256r1"));
    return params.getParameterSpec(ECParameterSpec.class);
  }

  private static List<List<?>> sans(X509Certificate cert) throws GeneralSecurityException {
    return new ArrayList<>(cert.getSubjectAlternativeNames());
  }
}

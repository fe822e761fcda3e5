package dev.jtls.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Pins the properties of the committed test PKI (scripts/make-test-pki.sh) that other tests rely on. */
class TestPkiTest {
  private static final String PASSPHRASE = "jtls-pass";
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final String AUTHORITY_INFO_ACCESS = "1.3.6.1.5.5.7.1.1";
  // GeneralName tags as numbered by X509Certificate.getSubjectAlternativeNames().
  private static final int EMAIL = 1;
  private static final int DNS = 2;
  private static final int URI = 6;
  private static final int IP = 7;
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\R(.*?)-----END \\1-----", Pattern.DOTALL);

  private static final Pattern LEGACY_ENCRYPTED_RSA = Pattern.compile(
      "-----BEGIN RSA PRIVATE KEY-----\\RProc-Type: 4,ENCRYPTED\\RDEK-Info: AES-256-CBC,([0-9A-F]{32})\\R\\R"
          + "(.*?)-----END RSA PRIVATE KEY-----",
      Pattern.DOTALL);

  private static final List<String> FILES = List.of(
      "root-ca.pem", "root-ca.key", "root-ca-trusted.pem", "root-ca-x509.pem",
      "intermediate-ca.pem", "intermediate-ca.key", "ca-bundle.pem",
      "server.pem", "server.key", "server-chain.pem", "server-ec.pem", "server-ec.key", "server-ec-chain.pem",
      "client.pem", "client.key", "client-chain.pem", "client-ec.pem", "client-ec.key",
      "expired.pem", "expired.key", "not-yet-valid.pem", "not-yet-valid.key",
      "wrong-host.pem", "wrong-host.key", "self-signed.pem", "self-signed.key",
      "server-encrypted.key", "server-encrypted-legacy.key", "server.pfx", "README.md");

  @Test
  void everyDocumentedFileIsPresent() throws IOException {
    for (String file : FILES) {
      assertTrue(bytes(file).length > 0, file);
    }
  }

  @Test
  void rootIsASelfSignedRsaCaForCertificateAndCrlSigning() throws Exception {
    X509Certificate root = cert("root-ca.pem");
    assertEquals("CN=jtls Test Root CA,O=jtls", root.getSubjectX500Principal().getName());
    assertEquals(root.getSubjectX500Principal(), root.getIssuerX500Principal());
    root.verify(root.getPublicKey());
    assertEquals(Integer.MAX_VALUE, root.getBasicConstraints());
    boolean[] usage = root.getKeyUsage();
    assertTrue(usage[5] && usage[6], "keyCertSign and cRLSign");
    assertRsa2048(root);
    assertMatchesKey(root, "root-ca.key");
    root.checkValidity();
  }

  @Test
  void rootAlternativeEncodingsHoldTheSameCertificate() throws Exception {
    byte[] der = cert("root-ca.pem").getEncoded();
    Block trusted = pem("root-ca-trusted.pem").getFirst();
    assertEquals("TRUSTED CERTIFICATE", trusted.label());
    // The trusted form is the certificate's DER followed by OpenSSL's auxiliary trust structure.
    assertArrayEquals(der, Arrays.copyOf(trusted.der(), der.length));
    Block x509 = pem("root-ca-x509.pem").getFirst();
    assertEquals("X509 CERTIFICATE", x509.label());
    assertArrayEquals(der, x509.der());
  }

  @Test
  void intermediateIsSignedByTheRootWithPathLengthZeroAndAuthorityInfoAccess() throws Exception {
    X509Certificate intermediate = cert("intermediate-ca.pem");
    assertEquals("CN=jtls Test Intermediate CA,O=jtls", intermediate.getSubjectX500Principal().getName());
    intermediate.verify(cert("root-ca.pem").getPublicKey());
    assertEquals(0, intermediate.getBasicConstraints());
    String aia = new String(intermediate.getExtensionValue(AUTHORITY_INFO_ACCESS), StandardCharsets.ISO_8859_1);
    assertTrue(aia.contains("http://127.0.0.1:8888/ocsp"), aia);
    assertTrue(aia.contains("http://127.0.0.1:8888/root.crt"), aia);
    assertRsa2048(intermediate);
    assertMatchesKey(intermediate, "intermediate-ca.key");
    intermediate.checkValidity();
  }

  @Test
  void caBundleIsRootThenIntermediate() throws Exception {
    assertEquals(List.of(cert("root-ca.pem"), cert("intermediate-ca.pem")), certs("ca-bundle.pem"));
  }

  @Test
  void serverHasRepeatedOrganizationalUnitsEveryAltNameTypeAndOcspUri() throws Exception {
    X509Certificate server = issuedByIntermediate("server");
    assertEquals("CN=localhost,OU=Tests,OU=Docs,O=jtls,L=Metro,ST=BC,C=UK",
        server.getSubjectX500Principal().getName());
    assertEquals(List.of(
        List.of(DNS, "localhost"), List.of(DNS, "*.jtls.test"),
        List.of(IP, "127.0.0.1"), List.of(IP, "0:0:0:0:0:0:0:1"),
        List.of(EMAIL, "server@jtls.test"), List.of(URI, "https://jtls.test/")), altNames(server));
    assertEquals(List.of(SERVER_AUTH, CLIENT_AUTH), server.getExtendedKeyUsage());
    String aia = new String(server.getExtensionValue(AUTHORITY_INFO_ACCESS), StandardCharsets.ISO_8859_1);
    assertTrue(aia.contains("http://127.0.0.1:8888/ocsp"), aia);
    assertRsa2048(server);
  }

  @Test
  void serverEcIsAP256LocalhostServer() throws Exception {
    X509Certificate server = issuedByIntermediate("server-ec");
    assertEquals(List.of(List.of(DNS, "localhost"), List.of(IP, "127.0.0.1"), List.of(IP, "0:0:0:0:0:0:0:1")),
        altNames(server));
    assertEquals(List.of(SERVER_AUTH), server.getExtendedKeyUsage());
    assertEcFieldSize(server, 256);
  }

  @Test
  void clientsAreForClientAuthOnly() throws Exception {
    X509Certificate client = issuedByIntermediate("client");
    assertEquals("CN=jtls client,O=jtls", client.getSubjectX500Principal().getName());
    assertEquals(List.of(CLIENT_AUTH), client.getExtendedKeyUsage());
    assertRsa2048(client);
    X509Certificate clientEc = issuedByIntermediate("client-ec");
    assertEquals(List.of(CLIENT_AUTH), clientEc.getExtendedKeyUsage());
    assertEcFieldSize(clientEc, 384);
  }

  @Test
  void chainFilesAreLeafThenIntermediate() throws Exception {
    for (String leaf : List.of("server", "server-ec", "client")) {
      assertEquals(List.of(cert(leaf + ".pem"), cert("intermediate-ca.pem")), certs(leaf + "-chain.pem"), leaf);
    }
  }

  @Test
  void expiredValidityIsEntirelyInThePast() throws Exception {
    X509Certificate expired = issuedByIntermediateOutsideValidity("expired");
    assertEquals(Instant.parse("2020-01-01T00:00:00Z"), expired.getNotBefore().toInstant());
    assertEquals(Instant.parse("2021-01-01T00:00:00Z"), expired.getNotAfter().toInstant());
    assertThrows(CertificateExpiredException.class, expired::checkValidity);
    assertEquals(List.of(List.of(DNS, "localhost"), List.of(IP, "127.0.0.1")), altNames(expired));
  }

  @Test
  void notYetValidValidityIsEntirelyInTheFuture() throws Exception {
    X509Certificate notYetValid = issuedByIntermediateOutsideValidity("not-yet-valid");
    assertEquals(Instant.parse("2045-01-01T00:00:00Z"), notYetValid.getNotBefore().toInstant());
    assertEquals(Instant.parse("2050-01-01T00:00:00Z"), notYetValid.getNotAfter().toInstant());
    assertThrows(CertificateNotYetValidException.class, notYetValid::checkValidity);
    assertEquals(List.of(List.of(DNS, "localhost"), List.of(IP, "127.0.0.1")), altNames(notYetValid));
  }

  @Test
  void wrongHostNamesOnlyOtherExample() throws Exception {
    X509Certificate wrongHost = issuedByIntermediate("wrong-host");
    assertEquals("CN=other.example,O=jtls", wrongHost.getSubjectX500Principal().getName());
    assertEquals(List.of(List.of(DNS, "other.example")), altNames(wrongHost));
  }

  @Test
  void selfSignedIsALocalhostLeafSignedByItsOwnKey() throws Exception {
    X509Certificate selfSigned = cert("self-signed.pem");
    assertEquals(selfSigned.getSubjectX500Principal(), selfSigned.getIssuerX500Principal());
    selfSigned.verify(selfSigned.getPublicKey());
    assertEquals(-1, selfSigned.getBasicConstraints());
    assertEquals(List.of(List.of(DNS, "localhost"), List.of(IP, "127.0.0.1")), altNames(selfSigned));
    assertMatchesKey(selfSigned, "self-signed.key");
    selfSigned.checkValidity();
  }

  @Test
  void encryptedPkcs8KeyDecryptsToTheServerKey() throws Exception {
    Block block = pem("server-encrypted.key").getFirst();
    assertEquals("ENCRYPTED PRIVATE KEY", block.label());
    EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(block.der());
    Key pbeKey = SecretKeyFactory.getInstance(info.getAlgName())
        .generateSecret(new PBEKeySpec(PASSPHRASE.toCharArray()));
    assertTrue(info.getAlgParameters().toString().contains("AES_256"), info.getAlgParameters().toString());
    assertArrayEquals(pem("server.key").getFirst().der(), info.getKeySpec(pbeKey).getEncoded());
  }

  @Test
  void legacyEncryptedKeyDecryptsToTheServerKey() throws Exception {
    String text = new String(bytes("server-encrypted-legacy.key"), StandardCharsets.US_ASCII);
    Matcher m = LEGACY_ENCRYPTED_RSA.matcher(text);
    assertTrue(m.find(), text);
    byte[] iv = HexFormat.of().parseHex(m.group(1));
    byte[] pkcs1 = decryptTraditional(Base64.getMimeDecoder().decode(m.group(2)), iv);
    // A PKCS#8 RSA key ends with the PKCS#1 RSAPrivateKey it wraps.
    byte[] pkcs8 = pem("server.key").getFirst().der();
    assertArrayEquals(pkcs1, Arrays.copyOfRange(pkcs8, pkcs8.length - pkcs1.length, pkcs8.length));
  }

  @Test
  void pfxHoldsServerKeyAndChain() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = new ByteArrayInputStream(bytes("server.pfx"))) {
      store.load(in, PASSPHRASE.toCharArray());
    }
    Certificate[] chain = store.getCertificateChain("localhost");
    assertNotNull(chain);
    assertEquals(certs("server-chain.pem"), List.of(chain));
    Key key = store.getKey("localhost", PASSPHRASE.toCharArray());
    assertArrayEquals(pem("server.key").getFirst().der(), key.getEncoded());
  }

  private static X509Certificate issuedByIntermediate(String name) throws Exception {
    X509Certificate cert = issuedByIntermediateOutsideValidity(name);
    cert.checkValidity();
    return cert;
  }

  private static X509Certificate issuedByIntermediateOutsideValidity(String name) throws Exception {
    X509Certificate cert = cert(name + ".pem");
    cert.verify(cert("intermediate-ca.pem").getPublicKey());
    assertEquals(-1, cert.getBasicConstraints(), name + " is not a CA");
    assertMatchesKey(cert, name + ".key");
    return cert;
  }

  private static void assertRsa2048(X509Certificate cert) {
    assertEquals(2048, ((RSAKey) cert.getPublicKey()).getModulus().bitLength());
  }

  private static void assertEcFieldSize(X509Certificate cert, int bits) {
    assertEquals(bits, ((ECKey) cert.getPublicKey()).getParams().getCurve().getField().getFieldSize());
  }

  /** The key file holds the private half of the certificate's key: a signature made with it verifies. */
  private static void assertMatchesKey(X509Certificate cert, String keyFile) throws Exception {
    PublicKey publicKey = cert.getPublicKey();
    String algorithm = publicKey.getAlgorithm();
    PrivateKey privateKey =
        KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pem(keyFile).getFirst().der()));
    String signatureAlgorithm = algorithm.equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    byte[] message = keyFile.getBytes(StandardCharsets.UTF_8);
    Signature signer = Signature.getInstance(signatureAlgorithm);
    signer.initSign(privateKey);
    signer.update(message);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(signatureAlgorithm);
    verifier.initVerify(publicKey);
    verifier.update(message);
    assertTrue(verifier.verify(signature), keyFile + " does not match its certificate");
  }

  /** Traditional PEM encryption: key = EVP_BytesToKey(MD5, salt = first 8 bytes of the IV, 1 round). */
  private static byte[] decryptTraditional(byte[] encrypted, byte[] iv) throws GeneralSecurityException {
    byte[] salt = Arrays.copyOf(iv, 8);
    byte[] password = PASSPHRASE.getBytes(StandardCharsets.US_ASCII);
    byte[] key = new byte[32];
    byte[] previous = new byte[0];
    for (int filled = 0; filled < key.length; filled += previous.length) {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      md5.update(previous);
      md5.update(password);
      md5.update(salt);
      previous = md5.digest();
      System.arraycopy(previous, 0, key, filled, Math.min(previous.length, key.length - filled));
    }
    Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
    cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
    return cipher.doFinal(encrypted);
  }

  private static List<List<Object>> altNames(X509Certificate cert) throws Exception {
    return cert.getSubjectAlternativeNames().stream().<List<Object>>map(List::copyOf).toList();
  }

  private static X509Certificate cert(String file) throws Exception {
    List<X509Certificate> certs = certs(file);
    assertEquals(1, certs.size(), file);
    return certs.getFirst();
  }

  private static List<X509Certificate> certs(String file) throws Exception {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    return factory.generateCertificates(new ByteArrayInputStream(bytes(file))).stream()
        .map(X509Certificate.class::cast)
        .toList();
  }

  private record Block(String label, byte[] der) {}

  private static List<Block> pem(String file) throws IOException {
    Matcher m = PEM.matcher(new String(bytes(file), StandardCharsets.US_ASCII));
    List<Block> blocks = m.results()
        .map(r -> new Block(r.group(1), Base64.getMimeDecoder().decode(r.group(2))))
        .toList();
    assertFalse(blocks.isEmpty(), file + " holds no PEM block");
    return blocks;
  }

  private static byte[] bytes(String file) throws IOException {
    try (InputStream in = TestPkiTest.class.getResourceAsStream("/pki/" + file)) {
      assertNotNull(in, "missing test resource pki/" + file);
      return in.readAllBytes();
    }
  }
}

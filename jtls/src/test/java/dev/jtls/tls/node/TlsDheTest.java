package dev.jtls.tls.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.tls.ServerOptions;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;

/**
 * Node's test/parallel/test-tls-dhe.js: the {@code dhparam} option against {@code openssl s_client}
 * preferring DHE over ECDHE. Node's {@code common.expectWarning('SecurityWarning', ...)} is not
 * asserted: jtls logs that warning to the System.Logger "dev.jtls.tls", which the test module
 * cannot read without java.logging.
 */
class TlsDheTest {
  private static final Path KEYS = NodeTestServer.KEYS;
  private static final String DHE_CIPHER = "DHE-RSA-AES128-SHA256";
  private static final String ECDHE_CIPHER = "ECDHE-RSA-AES128-SHA256";
  private static final String CIPHERS = DHE_CIPHER + ":" + ECDHE_CIPHER;

  /**
   * Node's options, but with {@code @SECLEVEL=1} on the server as on the client: Node's bundled
   * OpenSSL defaults to security level 1; Debian builds its OpenSSL with level 2, which refuses
   * 1024-bit DH parameters (openssl s_server -dhparam refuses them too).
   */
  private static ServerOptions options(Object dhparam) {
    return NodeTestServer.agent2().ciphers(CIPHERS + ":@SECLEVEL=1").dhparam(dhparam).maxVersion("TLSv1.2");
  }

  /** Node's test(): what s_client reports from a server with {@code dhparam}. */
  private static void test(Object dhparam, Integer keylen, String expectedCipher) throws Exception {
    try (NodeTestServer server = new NodeTestServer(options(dhparam), conn -> conn.end())) {
      String stdout = server.opensslClient("-cipher", CIPHERS + ":@SECLEVEL=1");
      assertTrue(keylen == null || stdout.contains("Server Temp Key: DH, " + keylen + " bits"), stdout);
      assertTrue(stdout.contains("Cipher    : " + expectedCipher), stdout);
    }
  }

  private static void testCustomParam(String keylen, String expectedCipher) throws Exception {
    byte[] dhparam = Files.readAllBytes(KEYS.resolve("dh" + keylen + ".pem"));
    test(dhparam, keylen.equals("error") ? null : Integer.valueOf(keylen), expectedCipher);
  }

  @Test
  void dhparamAsNodeTestsIt() throws Exception {
    // By default, DHE is disabled while ECDHE is enabled.
    test(null, null, ECDHE_CIPHER);

    // The DHE parameters OpenSSL selects follow the strength of the certificate's key.
    int modulusLength;
    try (InputStream in = Files.newInputStream(KEYS.resolve("agent2-cert.pem"))) {
      X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      modulusLength = ((RSAPublicKey) cert.getPublicKey()).getModulus().bitLength();
    }
    test("auto", modulusLength, DHE_CIPHER);

    NodeError e = assertThrows(NodeError.class, () -> testCustomParam("512", DHE_CIPHER));
    assertEquals("DH parameter is less than 1024 bits", e.getMessage());

    // Custom DHE parameters are supported (but discouraged).
    testCustomParam("1024", DHE_CIPHER);
    testCustomParam("2048", DHE_CIPHER);

    // Invalid DHE parameters are discarded. ECDHE remains enabled.
    testCustomParam("error", ECDHE_CIPHER);
  }
}

package dev.jtls.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.testing.NoNativeLeaks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code pfx} option with the test PKI's server.pfx (key, leaf and intermediate, password
 * {@code jtls-pass}): the chain reaches a node client, and bad input fails with node v20's errors.
 */
@ExtendWith(NoNativeLeaks.class)
class PfxTest {
  private static final String PASS = "jtls-pass";

  private final LoopPeers peers = new LoopPeers();

  @AfterEach
  void close() {
    peers.close();
  }

  private static byte[] pfx() throws IOException {
    return Files.readAllBytes(LoopPeers.PKI.resolve("server.pfx"));
  }

  @Test
  void aPfxServerSendsItsChainToANodeClient() throws Exception {
    int port = peers.listenTls(new ServerOptions().pfx(pfx()).passphrase(PASS));
    String script = "const tls=require('node:tls'),fs=require('node:fs');const c=tls.connect({host:'127.0.0.1',port:"
        + port + ",servername:'localhost',ca:fs.readFileSync('" + LoopPeers.PKI.resolve("root-ca.pem").toAbsolutePath()
        + "')},()=>{console.log(c.authorized+' '+c.getPeerCertificate(true).issuerCertificate.subject.CN);c.end();});"
        + "c.on('error',e=>console.log('error '+e.code));";
    Process node = new ProcessBuilder("node", "-e", script).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(node.waitFor(60, TimeUnit.SECONDS));
    assertEquals("true jtls Test Intermediate CA", out);
  }

  @Test
  void everyFormNodeAcceptsLoads() throws Exception {
    byte[] pfx = pfx();
    List<SecureContextOptions> forms = List.of(
        new SecureContextOptions().pfx(pfx).passphrase(PASS),
        new SecureContextOptions().pfx(List.of(new PfxEntry(pfx, PASS))),
        new SecureContextOptions().pfx(List.of(new PfxEntry(pfx, PASS))).passphrase("not this one"),
        new SecureContextOptions().pfx(List.of(new PfxEntry(pfx, null))).passphrase(PASS),
        SecureContextOptions.fromMap(Map.of("pfx", List.of(Map.of("buf", pfx, "passphrase", PASS)))),
        new SecureContextOptions().pfx(LoopPeers.PKI.resolve("server.pfx")).passphrase(PASS));
    for (SecureContextOptions options : forms) {
      Tls.createSecureContext(options).close();
    }
  }

  private static void assertFails(String code, String message, Map<String, Object> options) {
    NodeError e = assertThrows(NodeError.class, () -> Tls.createSecureContext(options).close());
    assertEquals(code, e.code());
    assertEquals(message, e.getMessage());
  }

  @Test
  void badInputFailsWithNodesErrors() throws Exception {
    byte[] pfx = pfx();
    assertFails(null, "mac verify failure", Map.of("pfx", pfx));
    assertFails(null, "mac verify failure", Map.of("pfx", pfx, "passphrase", "wrong"));
    assertFails(null, "mac verify failure", Map.of("pfx", List.of(Map.of("buf", pfx, "passphrase", "wrong"))));
    assertFails(null, "not enough data", Map.of("pfx", "bogus"));
    assertFails(null, "not enough data", Map.of("pfx", "bogus".getBytes(StandardCharsets.US_ASCII)));
    assertFails(null, "header too long", Map.of("pfx", new String(pfx, StandardCharsets.ISO_8859_1)));
    assertFails("ERR_CRYPTO_OPERATION_FAILED", "Unable to load PFX certificate", Map.of("pfx", 1));
    assertFails("ERR_CRYPTO_OPERATION_FAILED", "Unable to load PFX certificate", Map.of("pfx", List.of(1)));
    assertFails("ERR_CRYPTO_OPERATION_FAILED", "Unable to load PFX certificate", Map.of("pfx", Map.of("buf", pfx)));
  }

  @Test
  void falseOrNullIsNoPfx() {
    Tls.createSecureContext(Map.of("pfx", false)).close();
  }
}

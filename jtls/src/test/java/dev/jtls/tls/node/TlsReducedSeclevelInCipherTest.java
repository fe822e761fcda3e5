package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-reduced-SECLEVEL-in-cipher.js: agent11's small key is refused at
 * the default security level and taken with {@code @SECLEVEL=0} in ciphers.
 */
class TlsReducedSeclevelInCipherTest {
  @Test
  @Timeout(20)
  void seclevelZeroTakesASmallKey() {
    ServerOptions options = new ServerOptions()
        .key(readKey("agent11-key.pem")).cert(readKey("agent11-cert.pem")).ciphers("DEFAULT");
    RuntimeException e = assertThrows(RuntimeException.class, () -> Tls.createServer(options, s -> {
      throw new AssertionError("mustNotCall");
    }));
    assertTrue(e.getMessage().toLowerCase().contains("key too small"), e.getMessage());
    options.ciphers("DEFAULT:@SECLEVEL=0");
    TlsServer server = Tls.createServer(options, s -> {
      throw new AssertionError("mustNotCall");
    });
    assertNotNull(server);
    NodeRun.release(server);
  }
}

package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtls.tls.SecureContextOptions;
import dev.jtls.tls.Tls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-key-mismatch.js: a key that does not match the certificate throws
 * OpenSSL 3's "key values mismatch" (Node's {@code /^Error: …$/} is the error's toString; the
 * message is everything after "Error: ").
 */
class TlsKeyMismatchTest {
  @Test
  @Timeout(20)
  void keyValuesMismatch() {
    RuntimeException e = assertThrows(RuntimeException.class, () -> Tls.createSecureContext(new SecureContextOptions()
        .key(readKey("agent1-key.pem")).cert(readKey("agent2-cert.pem"))));
    assertEquals("error:05800074:x509 certificate routines::key values mismatch", e.getMessage());
  }
}

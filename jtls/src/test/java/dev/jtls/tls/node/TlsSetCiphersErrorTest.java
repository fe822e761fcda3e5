package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-tls-set-ciphers-error.js: cipher lists that match nothing make createServer throw "no cipher match". */
class TlsSetCiphersErrorTest {
  @Test
  @Timeout(20)
  void noCipherMatch() {
    for (String ciphers : new String[] {"aes256-sha", "FOOBARBAZ", "TLS_not_a_cipher"}) {
      ServerOptions options = new ServerOptions()
          .key(readKey("agent2-key.pem")).cert(readKey("agent2-cert.pem")).ciphers(ciphers);
      RuntimeException e = assertThrows(RuntimeException.class, () -> Tls.createServer(options, s -> {
        throw new AssertionError("mustNotCall");
      }));
      assertTrue(e.getMessage().toLowerCase().matches("(?s).*no[_ ]cipher[_ ]match.*"), ciphers + ": " + e.getMessage());
    }
  }
}

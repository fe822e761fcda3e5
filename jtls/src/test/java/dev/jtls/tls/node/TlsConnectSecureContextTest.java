package dev.jtls.tls.node;

import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.SecureContext;
import dev.jtls.tls.SecureContextOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-connect-secure-context.js: a client given a {@code secureContext}
 * verifies with that context's CA; a context made with every other option null works the same.
 */
class TlsConnectSecureContextTest {
  private static ServerOptions server() {
    return new ServerOptions().cert(NodeKeys.AGENT1.cert()).key(NodeKeys.AGENT1.key());
  }

  @Test
  @Timeout(20)
  void secureContextOption() {
    try (SecureContext context = Tls.createSecureContext(new SecureContextOptions().ca(NodeKeys.AGENT1.ca()))) {
      NodeRun.run(getClass().getSimpleName(), node -> PairedConnect.connect(node, TlsConnectSecureContextTest::server,
          () -> new ConnectOptions().servername("agent1").secureContext(context),
          (err, pair, cleanup) -> {
            assertNull(err);
            cleanup.run();
          }));
    }
  }

  @Test
  @Timeout(20)
  void nullOptionsAreAbsent() {
    Map<String, Object> options = new HashMap<>();
    options.put("ca", NodeKeys.AGENT1.ca());
    for (String name : new String[] {"ciphers", "clientCertEngine", "crl", "dhparam", "passphrase", "pfx",
        "privateKeyIdentifier", "privateKeyEngine", "sessionIdContext", "sessionTimeout", "sigalgs", "ticketKeys"}) {
      options.put(name, null);
    }
    try (SecureContext context = Tls.createSecureContext(options)) {
      NodeRun.run(getClass().getSimpleName(), node -> PairedConnect.connect(node, TlsConnectSecureContextTest::server,
          () -> new ConnectOptions().servername("agent1").secureContext(context),
          (err, pair, cleanup) -> {
            assertNull(err);
            cleanup.run();
          }));
    }
  }
}

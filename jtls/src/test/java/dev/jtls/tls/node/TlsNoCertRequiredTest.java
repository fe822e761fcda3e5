package dev.jtls.tls.node;

import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-no-cert-required.js: servers with no key or certificate can be
 * made and listen. Node's {@code createServer('this is not valid')} (ERR_INVALID_ARG_TYPE for a
 * string) cannot be expressed: the parameter is a ServerOptions or a Map.
 */
class TlsNoCertRequiredTest {
  @Test
  @Timeout(20)
  void serversWithoutIdentity() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      listenAndClose(node, Tls.createServer(new ServerOptions().ciphers("AECDH-NULL-SHA").loop(node.loop())));
      listenAndClose(node, Tls.createServer(new ServerOptions().loop(node.loop()), s -> {
        throw new AssertionError("assert.fail");
      }));
      listenAndClose(node, Tls.createServer(new ServerOptions().loop(node.loop())));
    });
  }

  private static void listenAndClose(NodeRun node, TlsServer server) {
    server.listen(0, node.mustCall(() -> server.close()));
  }
}

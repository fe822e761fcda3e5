package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.events.NodeError;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-startcom-wosign-whitelist.js: certificates from a root named like
 * StartCom's, issued after its distrust date (agent8, agent9), are CERT_REVOKED even when that
 * root is the client's CA. The cases run one after another, as in Node.
 */
class TlsStartcomWosignWhitelistTest {
  record Case(String name, String errorCode) {}

  private static final List<Case> TEST_CASES = List.of(new Case("agent8", "CERT_REVOKED"), new Case("agent9", "CERT_REVOKED"));

  @Test
  @Timeout(20)
  void distrustedRootIsRevoked() {
    AtomicInteger finished = new AtomicInteger();
    NodeRun.run(getClass().getSimpleName(), node -> runTest(node, 0, finished));
    assertEquals(TEST_CASES.size(), finished.get());
  }

  private static void runTest(NodeRun node, int tindex, AtomicInteger finished) {
    if (tindex >= TEST_CASES.size()) {
      return;
    }
    Case tcase = TEST_CASES.get(tindex);
    TlsServer server = Tls.createServer(new ServerOptions().key(readKey(tcase.name() + "-key.pem"))
        .cert(readKey(tcase.name() + "-cert.pem")).loop(node.loop()), s -> s.resume());
    Runnable runNextTest = () -> server.close(() -> {
      finished.incrementAndGet();
      runTest(node, tindex + 1, finished);
    });
    server.listen(0, () -> {
      TlsSocket client = Tls.connect(new ConnectOptions().ca(readKey("fake-startcom-root-cert.pem"))
          .port(server.address().port()).rejectUnauthorized(true).loop(node.loop()));
      client.on(Duplex.ERROR, node.guard(e -> {
        assertEquals(tcase.errorCode(), ((NodeError) e).code());
        runNextTest.run();
      }));
      client.on(TlsSocket.SECURE_CONNECT, node.guard(() -> {
        assertEquals("CERT_REVOKED", tcase.errorCode());
        client.end();
        runNextTest.run();
      }));
    });
  }
}

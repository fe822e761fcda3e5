package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-server-verify.js: {@code openssl s_client} with agent1 (signed by
 * ca1), agent2 (self-signed), agent3 (signed by ca2) or no certificate against servers with
 * requestCert / rejectUnauthorized / CA combinations; the server writes "_authed" or "_unauthed"
 * and s_client is killed when it reads one, or is rejected. Node's third case (request the
 * certificate later with renegotiate()) and sixth (a CRL) are not ported: renegotiate() and crl
 * are not implemented in jtls.
 */
class TlsServerVerifyTest {
  record Client(String name, boolean shouldReject, boolean shouldAuth) {}

  record Case(String title, boolean requestCert, boolean rejectUnauthorized, List<String> cas, List<Client> clients) {}

  private static final List<Case> TEST_CASES = List.of(
      new Case("Do not request certs. Everyone is unauthorized.", false, false, List.of("ca1-cert"), List.of(
          new Client("agent1", false, false), new Client("agent2", false, false),
          new Client("agent3", false, false), new Client("nocert", false, false))),
      new Case("Allow both authed and unauthed connections with CA1", true, false, List.of("ca1-cert"), List.of(
          new Client("agent1", false, true), new Client("agent2", false, false),
          new Client("agent3", false, false), new Client("nocert", false, false))),
      new Case("Allow only authed connections with CA1", true, true, List.of("ca1-cert"), List.of(
          new Client("agent1", false, true), new Client("agent2", true, false),
          new Client("agent3", true, false), new Client("nocert", true, false))),
      new Case("Allow only authed connections with CA1 and CA2", true, true, List.of("ca1-cert", "ca2-cert"), List.of(
          new Client("agent1", false, true), new Client("agent2", true, false),
          new Client("agent3", false, true), new Client("nocert", true, false))));

  private static String filenamePem(String n) {
    return NodeRun.FIXTURES.resolve(n + ".pem").toAbsolutePath().toString();
  }

  // pending: every verdict matches, but the server connections nobody reads never see s_client go away, so server.close() never completes and the loop never drains (Node exits)
  @Tag("node-pending")
  @Test
  @Timeout(20)
  void doNotRequestCerts() {
    runCase(0);
  }

  // pending: every verdict matches, but the server connections nobody reads never see s_client go away, so server.close() never completes and the loop never drains (Node exits)
  @Tag("node-pending")
  @Test
  @Timeout(20)
  void allowAuthedAndUnauthedWithCa1() {
    runCase(1);
  }

  // pending: every verdict matches, but the server connections nobody reads never see s_client go away, so server.close() never completes and the loop never drains (Node exits)
  @Tag("node-pending")
  @Test
  @Timeout(20)
  void allowOnlyAuthedWithCa1() {
    runCase(2);
  }

  // pending: as above, and agent3 (signed by ca2's 1024-bit key) is rejected with ERR_SSL_CA_KEY_TOO_SMALL; node on the same OpenSSL 3.0.19 authorizes it
  @Tag("node-pending")
  @Test
  @Timeout(20)
  void allowOnlyAuthedWithCa1AndCa2() {
    runCase(3);
  }

  /**
   * One of Node's cases, as its runTest runs it; Node runs them one after another in one process,
   * here each is its own run so one case's failure does not hide the others'.
   */
  private void runCase(int testIndex) {
    AtomicInteger successfulTests = new AtomicInteger();
    NodeRun.run(getClass().getSimpleName(), node -> runTest(node, testIndex, successfulTests));
    assertEquals(1, successfulTests.get());
  }

  private void runTest(NodeRun node, int testIndex, AtomicInteger successfulTests) {
    Case tcase = TEST_CASES.get(testIndex);
    String prefix = testIndex + " ";
    ServerOptions serverOptions = new ServerOptions()
        .key(readKey("agent2-key.pem")).cert(readKey("agent2-cert.pem"))
        .ca(tcase.cas().stream().map(n -> readKey(n + ".pem")).toList())
        .requestCert(tcase.requestCert()).rejectUnauthorized(tcase.rejectUnauthorized()).loop(node.loop());
    TlsServer server = Tls.createServer(serverOptions, c -> {
      c.on(Duplex.ERROR, e -> {});
      if (c.authorized()) {
        c.write("\n_authed\n");
      } else {
        c.write("\n_unauthed\n");
      }
    });
    server.listen(0, () -> {
      int port = server.address().port();
      AtomicInteger clientsCompleted = new AtomicInteger();
      for (int i = 0; i < tcase.clients().size(); i++) {
        runClient(node, prefix + i + " ", port, tcase.clients().get(i), () -> {
          if (clientsCompleted.incrementAndGet() == tcase.clients().size()) {
            server.close();
            successfulTests.incrementAndGet();
          }
        });
      }
    });
  }

  /** Node's runClient: s_client on another thread; its verdict and {@code cb} come back on the loop. */
  private static void runClient(NodeRun node, String prefix, int port, Client options, Runnable cb) {
    List<String> args = new java.util.ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port));
    if (!options.name().equals("nocert")) {
      args.addAll(List.of("-key", filenamePem(options.name() + "-key"), "-cert", filenamePem(options.name() + "-cert")));
    }
    Process client;
    try {
      client = new ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread.ofPlatform().daemon().start(() -> {
      StringBuilder out = new StringBuilder();
      boolean rejected = true;
      boolean authed = false;
      boolean goodbye = false;
      try (InputStream stdout = client.getInputStream()) {
        byte[] buf = new byte[4096];
        for (int n; (n = stdout.read(buf)) >= 0; ) {
          out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
          if (!goodbye && out.indexOf("_unauthed") >= 0) {
            goodbye = true;
            client.destroy();
            authed = false;
            rejected = false;
          }
          if (!goodbye && out.indexOf("_authed") >= 0) {
            goodbye = true;
            client.destroy();
            authed = true;
            rejected = false;
          }
        }
        client.waitFor();
      } catch (IOException e) {
        // the stream closes when the process is killed
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      boolean wasRejected = rejected;
      boolean wasAuthed = authed;
      node.loop().execute(node.guard(() -> {
        if (options.shouldReject()) {
          assertEquals(true, wasRejected, prefix + options.name() + " NOT rejected, but should have been");
        } else {
          assertEquals(false, wasRejected, prefix + options.name() + " rejected, but should NOT have been");
          assertEquals(options.shouldAuth(), wasAuthed,
              prefix + options.name() + " authed is " + wasAuthed + " but should have been " + options.shouldAuth());
        }
        cb.run();
      }));
    });
  }
}

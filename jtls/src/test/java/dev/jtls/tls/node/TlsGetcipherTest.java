package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.testing.NodeRun;
import dev.jtls.tls.Cipher;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-getcipher.js: getCipher()'s name, standardName and version for two
 * TLSv1.2 suites and the TLSv1.3 CCM_8 suite. Node's first server sets {@code honorCipherOrder},
 * which jtls does not have yet; each client offers a single suite, so it changes nothing here.
 */
class TlsGetcipherTest {
  @Test
  @Timeout(20)
  void negotiatedCiphers() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      int[] clients = {0};
      TlsServer[] server = new TlsServer[1];
      server[0] = Tls.createServer(new ServerOptions()
          .key(readKey("agent2-key.pem")).cert(readKey("agent2-cert.pem")).loop(node.loop()), node.mustCall(2, s -> {
            if (--clients[0] == 0) {
              server[0].close();
            }
          }));
      server[0].listen(0, "127.0.0.1", node.mustCall(() -> {
        clients[0]++;
        check(node, server[0], "AES128-SHA256", new Cipher("AES128-SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256", "TLSv1.2"));
        clients[0]++;
        check(node, server[0], "ECDHE-RSA-AES128-GCM-SHA256",
            new Cipher("ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLSv1.2"));
      }));

      TlsServer[] server13 = new TlsServer[1];
      server13[0] = Tls.createServer(new ServerOptions().key(readKey("agent2-key.pem")).cert(readKey("agent2-cert.pem"))
          .ciphers("TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_CCM_8_SHA256").maxVersion("TLSv1.3").loop(node.loop()),
          node.mustCall(s -> server13[0].close()));
      server13[0].listen(0, node.mustCall(() -> {
        TlsSocket[] client = new TlsSocket[1];
        client[0] = Tls.connect(new ConnectOptions().port(server13[0].address().port()).ciphers("TLS_AES_128_CCM_8_SHA256")
            .maxVersion("TLSv1.3").rejectUnauthorized(false).loop(node.loop()), node.mustCall(() -> {
              Cipher cipher = client[0].getCipher();
              assertEquals("TLS_AES_128_CCM_8_SHA256", cipher.name());
              assertEquals(cipher.name(), cipher.standardName());
              assertEquals("TLSv1.3", cipher.version());
              client[0].end();
            }));
      }));
    });
  }

  private static void check(NodeRun node, TlsServer server, String ciphers, Cipher expected) {
    TlsSocket[] socket = new TlsSocket[1];
    socket[0] = Tls.connect(new ConnectOptions().host("127.0.0.1").port(server.address().port()).ciphers(ciphers)
        .rejectUnauthorized(false).maxVersion("TLSv1.2").loop(node.loop()), node.mustCall(() -> {
          assertEquals(expected, socket[0].getCipher());
          socket[0].end();
        }));
  }
}

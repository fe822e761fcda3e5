package dev.jtls.tls.node;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.net.EventLoop;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsSocket;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Node's test/parallel/test-tls-honorcipherorder.js, one row per call of its test(): the server's
 * cipher order wins when honorCipherOrder is true or not given (createServer's default), the
 * client's when it is false. Node's "tls.DEFAULT_CIPHERS" client row is the "null" row here.
 */
class TlsHonorcipherorderTest {
  private static final String SSL_METHOD = "TLSv1_2_method";

  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {
      "false, AES128-GCM-SHA256:AES256-SHA256:AES128-SHA256, AES128-GCM-SHA256, null",
      "true, AES128-GCM-SHA256:AES256-SHA256:AES128-SHA256, AES256-SHA256, null",
      "null, AES128-GCM-SHA256:AES256-SHA256:AES128-SHA256, AES256-SHA256, null",
      "true, AES128-SHA256:AES128-GCM-SHA256, AES128-GCM-SHA256, null",
      "null, AES128-SHA256:AES128-GCM-SHA256, AES128-GCM-SHA256, null",
      "true, AES128-SHA256, AES128-SHA256, null",
      "null, AES128-SHA256, AES128-SHA256, null",
      "true, null, AES256-SHA256, null",
      "null, null, AES256-SHA256, null",
      "true, null, ECDHE-RSA-AES128-GCM-SHA256, ECDHE-RSA-AES128-GCM-SHA256"})
  void test(Boolean honorCipherOrder, String clientCipher, String expectedCipher, String defaultCiphers) {
    try (NodeTestServer server = new NodeTestServer(NodeTestServer.agent2().secureProtocol(SSL_METHOD)
        .ciphers("AES256-SHA256:AES128-GCM-SHA256:AES128-SHA256:ECDHE-RSA-AES128-GCM-SHA256")
        .honorCipherOrder(honorCipherOrder), TlsSocket::end)) {
      CompletableFuture<String> cipher = new CompletableFuture<>();
      run(EventLoop.defaultLoop(), () -> {
        ConnectOptions options = new ConnectOptions().rejectUnauthorized(false).secureProtocol(SSL_METHOD);
        if (clientCipher != null) {
          options.ciphers(clientCipher);
        }
        String saved = Tls.DEFAULT_CIPHERS();
        Tls.DEFAULT_CIPHERS(defaultCiphers != null ? defaultCiphers : saved);
        try {
          TlsSocket client = Tls.connect(server.port, "127.0.0.1", options);
          client.on(TlsSocket.ERROR, cipher::completeExceptionally);
          client.on(TlsSocket.SECURE_CONNECT, () -> {
            cipher.complete(client.getCipher().name());
            client.end();
          });
          client.resume();
        } finally {
          Tls.DEFAULT_CIPHERS(saved);
        }
      });
      assertEquals(expectedCipher, await(cipher),
          "honorCipherOrder=" + honorCipherOrder + ", clientCipher=" + clientCipher);
    }
  }
}

package dev.jtls.tls.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.jtls.events.NodeError;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.PskClientCallback;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-psk-circuit.js: TLS-PSK with jtls on both ends, over TLSv1.3 and
 * TLSv1.2, for two users; an unknown identity and a wrong key fail the handshake with the alert
 * codes Node gives with OpenSSL 3.0 (before 3.2 renamed them).
 */
class TlsPskCircuitTest {
  private static final String CIPHERS = "PSK+HIGH:TLS_AES_128_GCM_SHA256";
  private static final byte[] USERS_KEY = filled(128, (byte) 0x5a);
  private static final Map<String, byte[]> USERS = Map.of(
      "users", USERS_KEY,
      "UserB", HexFormat.of().parseHex("82072606b502b0f4025e90eb75fe137d"));
  private static final String TEST_DATA = "x";

  private static byte[] filled(int length, byte value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, value);
    return bytes;
  }

  private static void test(NodeRun node, PskClientCallback.Identity secret, Consumer<ConnectOptions> opts, String error) {
    ServerOptions serverOptions = new ServerOptions().loop(node.loop()).ciphers(CIPHERS)
        .pskCallback((socket, id) -> {
          assertNotNull(socket);
          return USERS.get(id);
        });
    Consumer<TlsSocket> cb = error == null ? node.mustCall(c -> c.pipe(c)) : node.mustNotCall("secureConnection");
    TlsServer server = Tls.createServer(serverOptions, cb);
    int[] pskCalls = {0};
    server.listen(0, node.mustCall(() -> {
      ConnectOptions options = new ConnectOptions().loop(node.loop()).port(server.address().port())
          .ciphers(CIPHERS).checkServerIdentity((host, cert) -> null)
          .pskCallback(hint -> {
            pskCalls[0]++; // Node's common.mustCall(() => secret)
            return secret;
          });
      opts.accept(options);
      if (error == null) {
        TlsSocket[] client = new TlsSocket[1];
        client[0] = Tls.connect(options, node.mustCall(() -> {
          client[0].end(TEST_DATA);
          client[0].on(Duplex.DATA, node.mustCall(data -> assertEquals(TEST_DATA, new String(data))));
          client[0].on(Duplex.CLOSE, node.mustCall(hadError -> {
            assertEquals(1, pskCalls[0], "pskCallback calls");
            server.close();
          }));
        }));
      } else {
        TlsSocket client = Tls.connect(options, node.mustNotCallRunnable("secureConnect"));
        client.on(Duplex.ERROR, node.mustCall(err -> {
          assertEquals(error, ((NodeError) err).code());
          assertEquals(1, pskCalls[0], "pskCallback calls");
          server.close();
        }));
      }
    }));
  }

  @Test
  @Timeout(30)
  void pskConnectionsForKnownUsersAndFailuresForUnknownOnesOrWrongKeys() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      test(node, new PskClientCallback.Identity(USERS.get("users"), "users"), o -> {}, null);
      test(node, new PskClientCallback.Identity(USERS.get("users"), "users"), o -> o.maxVersion("TLSv1.2"), null);
      test(node, new PskClientCallback.Identity(USERS.get("users"), "users"), o -> o.minVersion("TLSv1.3"), null);
      test(node, new PskClientCallback.Identity(USERS.get("UserB"), "UserB"), o -> {}, null);
      test(node, new PskClientCallback.Identity(USERS.get("UserB"), "UserB"), o -> o.minVersion("TLSv1.3"), null);
      // Unrecognized user should fail handshake
      test(node, new PskClientCallback.Identity(USERS.get("UserB"), "UserC"), o -> {},
          "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE");
      // Recognized user but incorrect secret should fail handshake
      test(node, new PskClientCallback.Identity(USERS.get("users"), "UserB"), o -> {},
          "ERR_SSL_SSLV3_ALERT_ILLEGAL_PARAMETER");
      test(node, new PskClientCallback.Identity(USERS.get("UserB"), "UserB"), o -> {}, null);
    });
  }
}

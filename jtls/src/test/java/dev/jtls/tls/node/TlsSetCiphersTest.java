package dev.jtls.tls.node;

import static dev.jtls.tls.node.PairedConnect.AGENT1_CERT;
import static dev.jtls.tls.node.PairedConnect.AGENT6_CA;
import static dev.jtls.tls.node.PairedConnect.AGENT6_CERT;
import static dev.jtls.tls.node.PairedConnect.AGENT6_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jtls.events.NodeError;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.CheckServerIdentity;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Node's test/parallel/test-tls-set-ciphers.js: client and server cipher lists, the suite both
 * ends agree on (and an echo over it), or the codes each end fails with. The options go through
 * the Node-style option bag so that Node's {@code 9} (not a string) and {@code null} can be
 * expressed. maxVersion is TLSv1.2 for a list with no TLSv1.3 suite, as in Node's test.
 */
class TlsSetCiphersTest {
  private static final String U = "<undefined>";
  private static final Object NINE = 9;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(U, "AES256-SHA", "AES256-SHA", null, null, null),
        Arguments.of("AES256-SHA", U, "AES256-SHA", null, null, null),
        Arguments.of(U, "TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384", null, null, null),
        Arguments.of("TLS_AES_256_GCM_SHA384", U, "TLS_AES_256_GCM_SHA384", null, null, null),
        Arguments.of("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", null,
            "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE", "ERR_SSL_NO_SHARED_CIPHER", null),
        Arguments.of("AES128-SHA", "AES256-SHA", null, "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE", "ERR_SSL_NO_SHARED_CIPHER", null),
        Arguments.of("AES128-SHA:TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256:AES256-SHA", null,
            "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE", "ERR_SSL_NO_SHARED_CIPHER", null),
        Arguments.of("AES256-SHA:TLS_AES_256_GCM_SHA384", U, "TLS_AES_256_GCM_SHA384", null, null, null),
        Arguments.of(U, "AES256-SHA:TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384", null, null, null),
        Arguments.of("AES256-SHA", U, "TLS_AES_256_GCM_SHA384", null, null, "TLSv1.3"),
        Arguments.of(U, "AES256-SHA", "TLS_AES_256_GCM_SHA384", null, null, "TLSv1.3"),
        Arguments.of("TLS_AES_128_CCM_8_SHA256", U, null, "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE", "ERR_SSL_NO_SHARED_CIPHER", null),
        Arguments.of("TLS_AES_128_CCM_8_SHA256", "TLS_AES_128_CCM_8_SHA256", "TLS_AES_128_CCM_8_SHA256", null, null, null),
        Arguments.of(NINE, "AES256-SHA", null, "ERR_INVALID_ARG_TYPE", null, null),
        Arguments.of("AES256-SHA", NINE, null, null, "ERR_INVALID_ARG_TYPE", null),
        Arguments.of(":", "AES256-SHA", null, "ERR_INVALID_ARG_VALUE", null, null),
        Arguments.of("AES256-SHA", ":", null, null, "ERR_INVALID_ARG_VALUE", null),
        Arguments.of("TLS_AES_256_GCM_SHA384", "", "TLS_AES_256_GCM_SHA384", null, null, null),
        Arguments.of("", "TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384", null, null, null),
        Arguments.of(null, "AES256-SHA", "AES256-SHA", null, null, null),
        Arguments.of("AES256-SHA", null, "AES256-SHA", null, null, null));
  }

  /** Node's max_tls_ver. */
  private static String maxTlsVer(Object ciphers, String maxVersion) {
    if (maxVersion != null) {
      return maxVersion;
    }
    if (ciphers instanceof String s && !s.equals(U) && !s.isEmpty() && !s.contains("TLS_")) {
      return "TLSv1.2";
    }
    return "TLSv1.3";
  }

  private static Map<String, Object> bag(Object ciphers, String maxVersion) {
    Map<String, Object> bag = new HashMap<>();
    if (!U.equals(ciphers)) {
      bag.put("ciphers", ciphers);
    }
    bag.put("maxVersion", maxTlsVer(ciphers, maxVersion));
    return bag;
  }

  @ParameterizedTest
  @MethodSource("cases")
  @Timeout(20)
  void agreedCipherOrErrors(Object cciphers, Object sciphers, String cipher, String cerr, String serr, String maxVersion) {
    String reply = "So long and thanks for all the fish.";
    NodeRun.run(getClass().getSimpleName(), node -> PairedConnect.connect(node,
        () -> {
          Map<String, Object> server = bag(sciphers, maxVersion);
          server.put("cert", AGENT6_CERT);
          server.put("key", AGENT6_KEY);
          return ServerOptions.fromMap(server);
        },
        () -> {
          Map<String, Object> client = bag(cciphers, maxVersion);
          client.put("checkServerIdentity", (CheckServerIdentity) (servername, cert) -> null);
          client.put("ca", AGENT1_CERT + "\n" + AGENT6_CA);
          return ConnectOptions.fromMap(client);
        },
        (err, pair, cleanup) -> {
          if (cipher == null) {
            if (cerr != null) {
              assertNotNull(pair.client().err);
              assertEquals(cerr, ((NodeError) pair.client().err).code());
            }
            if (serr != null) {
              assertNotNull(pair.server().err);
              assertEquals(serr, ((NodeError) pair.server().err).code());
            }
            cleanup.run();
            return;
          }
          assertNull(err, () -> "error " + err);
          assertNull(pair.server().err);
          assertNull(pair.client().err);
          assertNotNull(pair.server().conn);
          assertNotNull(pair.client().conn);
          assertEquals(cipher, pair.client().conn.getCipher().name());
          assertEquals(cipher, pair.server().conn.getCipher().name());
          pair.server().conn.write(reply);
          pair.client().conn.on(Duplex.DATA, node.mustCall(data -> {
            assertEquals(reply, new String(data, StandardCharsets.UTF_8));
            cleanup.run();
          }));
        }));
  }
}

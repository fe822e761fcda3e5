package dev.jtls.tls.node;

import static dev.jtls.tls.node.PairedConnect.AGENT1_CERT;
import static dev.jtls.tls.node.PairedConnect.AGENT6_CA;
import static dev.jtls.tls.node.PairedConnect.AGENT6_CERT;
import static dev.jtls.tls.node.PairedConnect.AGENT6_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jtls.events.NodeError;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Node's test/parallel/test-tls-min-max-version.js: client and server minVersion/maxVersion
 * combinations and the protocol both ends agree on. Node's cases that use {@code secureProtocol}
 * (SSLv2_method, TLSv1_1_method, ...) are not ported: secureProtocol is not implemented in jtls.
 * As in Node with OpenSSL 3, the TLSv1 and TLSv1.1 cases use ciphers 'ALL@SECLEVEL=0'.
 */
class TlsMinMaxVersionTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(null, null, null, null, Tls.DEFAULT_MAX_VERSION()),
        Arguments.of("TLSv1", "TLSv1.1", "TLSv1", "TLSv1.3", "TLSv1.1"),
        Arguments.of("TLSv1", "TLSv1.1", "TLSv1", "TLSv1.2", "TLSv1.1"),
        Arguments.of("TLSv1", "TLSv1.2", "TLSv1", "TLSv1.1", "TLSv1.1"),
        Arguments.of("TLSv1", "TLSv1.3", "TLSv1", "TLSv1.1", "TLSv1.1"),
        Arguments.of("TLSv1", "TLSv1", "TLSv1", "TLSv1.1", "TLSv1"),
        Arguments.of("TLSv1", "TLSv1.2", "TLSv1", "TLSv1", "TLSv1"),
        Arguments.of("TLSv1", "TLSv1.3", "TLSv1", "TLSv1", "TLSv1"),
        Arguments.of("TLSv1.1", "TLSv1.1", "TLSv1", "TLSv1.2", "TLSv1.1"),
        Arguments.of("TLSv1", "TLSv1.2", "TLSv1.1", "TLSv1.1", "TLSv1.1"),
        Arguments.of("TLSv1", "TLSv1.2", "TLSv1", "TLSv1.3", "TLSv1.2"),
        Arguments.of("TLSv1", "TLSv1.3", "TLSv1.3", "TLSv1.3", "TLSv1.3"),
        Arguments.of("TLSv1", "TLSv1.3", "TLSv1.2", "TLSv1.3", "TLSv1.3"),
        Arguments.of("TLSv1", "TLSv1.3", "TLSv1.2", "TLSv1.2", "TLSv1.2"),
        Arguments.of("TLSv1", "TLSv1.3", "TLSv1.1", "TLSv1.1", "TLSv1.1"),
        Arguments.of("TLSv1", "TLSv1.3", "TLSv1", "TLSv1", "TLSv1"),
        Arguments.of("TLSv1.3", "TLSv1.3", "TLSv1", "TLSv1.3", "TLSv1.3"),
        Arguments.of("TLSv1.2", "TLSv1.2", "TLSv1", "TLSv1.3", "TLSv1.2"),
        Arguments.of("TLSv1.1", "TLSv1.1", "TLSv1", "TLSv1.3", "TLSv1.1"),
        Arguments.of("TLSv1", "TLSv1", "TLSv1", "TLSv1.3", "TLSv1"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  @Timeout(20)
  void negotiatedProtocol(String cmin, String cmax, String smin, String smax, String proto) {
    String ciphers = proto.equals("TLSv1") || proto.equals("TLSv1.1") ? "ALL@SECLEVEL=0" : null;
    NodeRun.run(getClass().getSimpleName(), node -> PairedConnect.connect(node,
        () -> {
          ServerOptions server = new ServerOptions().cert(AGENT6_CERT).key(AGENT6_KEY).minVersion(smin).maxVersion(smax);
          return ciphers == null ? server : server.ciphers(ciphers);
        },
        () -> {
          ConnectOptions client = new ConnectOptions().checkServerIdentity((servername, cert) -> null)
              .ca(AGENT1_CERT + "\n" + AGENT6_CA).minVersion(cmin).maxVersion(cmax);
          return ciphers == null ? client : client.ciphers(ciphers);
        },
        (err, pair, cleanup) -> {
          assertNull(err, () -> "error " + (err instanceof NodeError e ? e.code() : "") + " " + err);
          assertNull(pair.server().err);
          assertNull(pair.client().err);
          assertNotNull(pair.server().conn);
          assertNotNull(pair.client().conn);
          assertEquals(proto, pair.client().conn.getProtocol());
          assertEquals(proto, pair.server().conn.getProtocol());
          cleanup.run();
        }));
  }
}

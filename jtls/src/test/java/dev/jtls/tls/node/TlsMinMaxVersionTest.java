package dev.jtls.tls.node;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.jtls.events.NodeError;
import dev.jtls.net.EventLoop;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Node's test/parallel/test-tls-min-max-version.js: one row per call of its test(cmin, cmax, cprot,
 * smin, smax, sprot, proto, cerr, serr) that applies with the default defaults (min TLSv1.2, max
 * TLSv1.3) on OpenSSL 3.0, in Node's order. As Node's test does on OpenSSL 3, rows that need TLSv1
 * or TLSv1.1 use the ciphers {@code ALL@SECLEVEL=0}. The test PKI's server identity stands in for
 * Node's agent6 (the client does not check the server's name, as in Node's test).
 */
class TlsMinMaxVersionTest {
  private static final Path PKI = Path.of("src/test/resources/pki");

  @ParameterizedTest(name = "[{index}] {0} {1} {2} {3} {4} {5} → {6} {7} {8}")
  @CsvSource(nullValues = "U", value = {
      // Default protocol is the max version.
      "U, U, U, U, U, U, TLSv1.3, U, U",
      // Insecure or invalid protocols cannot be enabled.
      "U, U, U, U, U, SSLv2_method, U, U, ERR_TLS_INVALID_PROTOCOL_METHOD",
      "U, U, U, U, U, SSLv3_method, U, U, ERR_TLS_INVALID_PROTOCOL_METHOD",
      "U, U, SSLv2_method, U, U, U, U, ERR_TLS_INVALID_PROTOCOL_METHOD, U",
      "U, U, SSLv3_method, U, U, U, U, ERR_TLS_INVALID_PROTOCOL_METHOD, U",
      "U, U, hokey-pokey, U, U, U, U, ERR_TLS_INVALID_PROTOCOL_METHOD, U",
      "U, U, U, U, U, hokey-pokey, U, U, ERR_TLS_INVALID_PROTOCOL_METHOD",
      "U, U, U, U, U, %s_method, U, U, ERR_TLS_INVALID_PROTOCOL_METHOD",
      // Cannot use secureProtocol and min/max versions simultaneously.
      "U, U, U, U, TLSv1.2, TLS1_2_method, U, U, ERR_TLS_PROTOCOL_VERSION_CONFLICT",
      "U, U, U, TLSv1.2, U, TLS1_2_method, U, U, ERR_TLS_PROTOCOL_VERSION_CONFLICT",
      "U, TLSv1.2, TLS1_2_method, U, U, U, U, ERR_TLS_PROTOCOL_VERSION_CONFLICT, U",
      "TLSv1.2, U, TLS1_2_method, U, U, U, U, ERR_TLS_PROTOCOL_VERSION_CONFLICT, U",
      // TLS_method means "any supported protocol".
      "U, U, TLSv1_2_method, U, U, TLS_method, TLSv1.2, U, U",
      "U, U, TLSv1_1_method, U, U, TLS_method, TLSv1.1, U, U",
      "U, U, TLSv1_method, U, U, TLS_method, TLSv1, U, U",
      "U, U, TLS_method, U, U, TLSv1_2_method, TLSv1.2, U, U",
      "U, U, TLS_method, U, U, TLSv1_1_method, TLSv1.1, U, U",
      "U, U, TLS_method, U, U, TLSv1_method, TLSv1, U, U",
      // SSLv23 also means "any supported protocol" greater than the default minimum.
      "U, U, TLSv1_2_method, U, U, SSLv23_method, TLSv1.2, U, U",
      "U, U, TLSv1_1_method, U, U, SSLv23_method, U, ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION, ERR_SSL_UNSUPPORTED_PROTOCOL",
      "U, U, TLSv1_method, U, U, SSLv23_method, U, ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION, ERR_SSL_UNSUPPORTED_PROTOCOL",
      "U, U, SSLv23_method, U, U, TLSv1_1_method, U, ERR_SSL_UNSUPPORTED_PROTOCOL, ERR_SSL_WRONG_VERSION_NUMBER",
      "U, U, SSLv23_method, U, U, TLSv1_method, U, ERR_SSL_UNSUPPORTED_PROTOCOL, ERR_SSL_WRONG_VERSION_NUMBER",
      // TLSv1 thru TLSv1.2 are only supported with explicit configuration.
      "U, U, TLSv1_2_method, U, U, TLSv1_2_method, TLSv1.2, U, U",
      "U, U, TLSv1_1_method, U, U, TLSv1_1_method, TLSv1.1, U, U",
      "U, U, TLSv1_method, U, U, TLSv1_method, TLSv1, U, U",
      // The default default.
      "U, U, TLSv1_1_method, U, U, U, U, ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION, ERR_SSL_UNSUPPORTED_PROTOCOL",
      "U, U, TLSv1_method, U, U, U, U, ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION, ERR_SSL_UNSUPPORTED_PROTOCOL",
      // TLS1.3 client hellos are not understood by TLS1.1 or below.
      "U, U, U, U, U, TLSv1_1_method, U, ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION, ERR_SSL_UNSUPPORTED_PROTOCOL",
      "U, U, U, U, U, TLSv1_method, U, ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION, ERR_SSL_UNSUPPORTED_PROTOCOL",
      // TLS min/max are respected when set with no secureProtocol.
      "TLSv1, TLSv1.2, U, U, U, TLSv1_method, TLSv1, U, U",
      "TLSv1, TLSv1.2, U, U, U, TLSv1_1_method, TLSv1.1, U, U",
      "TLSv1, TLSv1.2, U, U, U, TLSv1_2_method, TLSv1.2, U, U",
      "TLSv1, TLSv1.2, U, U, U, TLS_method, TLSv1.2, U, U",
      "U, U, TLSv1_method, TLSv1, TLSv1.2, U, TLSv1, U, U",
      "U, U, TLSv1_1_method, TLSv1, TLSv1.2, U, TLSv1.1, U, U",
      "U, U, TLSv1_2_method, TLSv1, TLSv1.2, U, TLSv1.2, U, U",
      "TLSv1, TLSv1.1, U, TLSv1, TLSv1.3, U, TLSv1.1, U, U",
      "TLSv1, TLSv1.1, U, TLSv1, TLSv1.2, U, TLSv1.1, U, U",
      "TLSv1, TLSv1.2, U, TLSv1, TLSv1.1, U, TLSv1.1, U, U",
      "TLSv1, TLSv1.3, U, TLSv1, TLSv1.1, U, TLSv1.1, U, U",
      "TLSv1, TLSv1, U, TLSv1, TLSv1.1, U, TLSv1, U, U",
      "TLSv1, TLSv1.2, U, TLSv1, TLSv1, U, TLSv1, U, U",
      "TLSv1, TLSv1.3, U, TLSv1, TLSv1, U, TLSv1, U, U",
      "TLSv1.1, TLSv1.1, U, TLSv1, TLSv1.2, U, TLSv1.1, U, U",
      "TLSv1, TLSv1.2, U, TLSv1.1, TLSv1.1, U, TLSv1.1, U, U",
      "TLSv1, TLSv1.2, U, TLSv1, TLSv1.3, U, TLSv1.2, U, U",
      // v-any client can connect to v-specific server.
      "TLSv1, TLSv1.3, U, TLSv1.3, TLSv1.3, U, TLSv1.3, U, U",
      "TLSv1, TLSv1.3, U, TLSv1.2, TLSv1.3, U, TLSv1.3, U, U",
      "TLSv1, TLSv1.3, U, TLSv1.2, TLSv1.2, U, TLSv1.2, U, U",
      "TLSv1, TLSv1.3, U, TLSv1.1, TLSv1.1, U, TLSv1.1, U, U",
      "TLSv1, TLSv1.3, U, TLSv1, TLSv1, U, TLSv1, U, U",
      // v-specific client can connect to v-any server.
      "TLSv1.3, TLSv1.3, U, TLSv1, TLSv1.3, U, TLSv1.3, U, U",
      "TLSv1.2, TLSv1.2, U, TLSv1, TLSv1.3, U, TLSv1.2, U, U",
      "TLSv1.1, TLSv1.1, U, TLSv1, TLSv1.3, U, TLSv1.1, U, U",
      "TLSv1, TLSv1, U, TLSv1, TLSv1.3, U, TLSv1, U, U"})
  void test(String cmin, String cmax, String cprot, String smin, String smax, String sprot, String proto,
      String cerr, String serr) {
    String ciphers = null;
    if (List.of("TLSv1", "TLSv1.1", "TLSv1_1_method", "TLSv1_method").contains(String.valueOf(proto))
        || "TLSv1_1_method".equals(sprot) || "TLSv1_method".equals(sprot)) {
      if (!"ERR_SSL_UNSUPPORTED_PROTOCOL".equals(serr)) {
        ciphers = "ALL@SECLEVEL=0";
      }
    }
    ServerOptions server = new ServerOptions().key(PKI.resolve("server.key")).cert(PKI.resolve("server-chain.pem"))
        .minVersion(smin).maxVersion(smax).secureProtocol(sprot).ciphers(ciphers);
    ConnectOptions client = new ConnectOptions().host("127.0.0.1").ca(PKI.resolve("root-ca.pem"))
        .checkServerIdentity((host, cert) -> null).minVersion(cmin).maxVersion(cmax).secureProtocol(cprot)
        .ciphers(ciphers);
    CompletableFuture<String> serverSide = new CompletableFuture<>();
    NodeTestServer listening;
    try {
      listening = new NodeTestServer(server, s -> {
        serverSide.complete("protocol " + s.getProtocol());
        s.resume();
      });
    } catch (NodeError e) {
      assertEquals(serr, e.code(), "the server's error");
      return;
    }
    try (listening) {
      listening.onTlsClientError(e -> serverSide.complete("error " + ((NodeError) e.exception()).code()));
      CompletableFuture<String> clientSide = new CompletableFuture<>();
      CompletableFuture<Void> closed = new CompletableFuture<>();
      run(EventLoop.defaultLoop(), () -> {
        TlsSocket c;
        try {
          c = Tls.connect(client.port(listening.port));
        } catch (NodeError e) {
          clientSide.complete("error " + e.code());
          closed.complete(null);
          return;
        }
        c.on(TlsSocket.SECURE_CONNECT, () -> {
          clientSide.complete("protocol " + c.getProtocol());
          c.end();
        });
        c.on(TlsSocket.ERROR, e -> clientSide.complete("error " + ((NodeError) e).code()));
        c.on(TlsSocket.CLOSE, hadError -> closed.complete(null));
        c.resume();
      });
      String clientOutcome = await(clientSide);
      await(closed);
      if (proto != null) {
        assertEquals("protocol " + proto, clientOutcome);
        assertEquals("protocol " + proto, await(serverSide));
        return;
      }
      if (cerr != null) {
        assertEquals("error " + cerr, clientOutcome);
      }
      if (serr != null) {
        assertEquals("error " + serr, await(serverSide));
      }
      assertNotNull(cerr != null ? cerr : serr);
    }
  }

}

package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.testing.NoNativeLeaks;
import dev.jtls.testing.NodeScript;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A jtls client facing a jtls server that presents each kind of bad certificate fails with Node's
 * code and message (checked against a Node client facing the same server), or, with
 * {@code rejectUnauthorized: false}, connects unauthorized with that code as
 * {@code authorizationError}; and {@code checkServerIdentity} decides as Node lets it.
 */
@ExtendWith(NoNativeLeaks.class)
class CertificateVerificationTest {
  /** What the server presents, what the client trusts (null: the default Mozilla store), and Node's verdict. */
  enum BadCertificate {
    EXPIRED("expired.key", List.of("expired.pem", "intermediate-ca.pem"), "root-ca.pem", "CERT_HAS_EXPIRED"),
    NOT_YET_VALID("not-yet-valid.key", List.of("not-yet-valid.pem", "intermediate-ca.pem"), "root-ca.pem",
        "CERT_NOT_YET_VALID"),
    SELF_SIGNED_LEAF("self-signed.key", List.of("self-signed.pem"), "root-ca.pem", "DEPTH_ZERO_SELF_SIGNED_CERT"),
    UNTRUSTED_ROOT_SENT_IN_CHAIN("server.key", List.of("server.pem", "intermediate-ca.pem", "root-ca.pem"),
        "self-signed.pem", "SELF_SIGNED_CERT_IN_CHAIN"),
    UNTRUSTED_ROOT_NOT_SENT("server.key", List.of("server-chain.pem"), "self-signed.pem",
        "UNABLE_TO_GET_ISSUER_CERT_LOCALLY"),
    LEAF_WITHOUT_ITS_INTERMEDIATE("server.key", List.of("server.pem"), "root-ca.pem",
        "UNABLE_TO_VERIFY_LEAF_SIGNATURE"),
    TEST_ROOT_UNDER_DEFAULT_TRUST("server.key", List.of("server-chain.pem"), null,
        "UNABLE_TO_GET_ISSUER_CERT_LOCALLY"),
    WRONG_HOST("wrong-host.key", List.of("wrong-host.pem", "intermediate-ca.pem"), "root-ca.pem",
        "ERR_TLS_CERT_ALTNAME_INVALID");

    final String key;
    final List<String> chain;
    final String trusted;
    final String code;

    BadCertificate(String key, List<String> chain, String trusted, String code) {
      this.key = key;
      this.chain = chain;
      this.trusted = trusted;
      this.code = code;
    }

    ServerOptions server() {
      return new ServerOptions().key(LoopPeers.PKI.resolve(key)).cert(LoopPeers.pem(chain.toArray(String[]::new)));
    }

    ConnectOptions client(int port) {
      ConnectOptions o = new ConnectOptions().host("127.0.0.1").port(port).servername("localhost");
      return trusted == null ? o : o.ca(LoopPeers.PKI.resolve(trusted));
    }

    /** What a Node client connecting to {@code port} as {@link #client} does reports. */
    String nodeVerdict(int port, boolean rejectUnauthorized) throws Exception {
      String ca = trusted == null ? "-" : LoopPeers.PKI.resolve(trusted).toAbsolutePath().toString();
      List<String> out = NodeScript.run("tls-client-verdict.js", "", String.valueOf(port), "localhost", ca,
          String.valueOf(rejectUnauthorized));
      assertEquals(1, out.size(), "node's output " + out);
      return out.getFirst();
    }
  }

  private final LoopPeers peers = new LoopPeers();

  @AfterEach
  void closePeers() {
    peers.close();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(BadCertificate.class)
  void badCertificateFailsTheClientWithNodesCodeAndMessage(BadCertificate bad) throws Exception {
    int port = peers.listenTls(bad.server());
    LoopPeers.Client client = peers.connect(bad.client(port));
    NodeError error = assertInstanceOf(NodeError.class, client.failure());
    assertEquals(bad.code, error.code());
    assertEquals(List.of("error", "close"), client.events, "no 'secureConnect' for a rejected server");

    String[] node = bad.nodeVerdict(port, true).split(" ");
    assertEquals("error", node[0]);
    assertEquals(bad.code, node[1], "Node's code for the same server");
    assertEquals(new String(Base64.getDecoder().decode(node[2]), StandardCharsets.UTF_8), error.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(BadCertificate.class)
  void badCertificateIsAcceptedUnauthorizedWhenRejectUnauthorizedIsFalse(BadCertificate bad) throws Exception {
    int port = peers.listenTls(bad.server());
    LoopPeers.Client client = peers.connect(bad.client(port).rejectUnauthorized(false));
    LoopPeers.Authorization verdict = await(client.secureConnect);
    assertFalse(verdict.authorized());
    assertEquals(bad.code, verdict.authorizationError());
    client.closeAndWait();
    assertFalse(client.events.contains("error"), "events " + client.events);

    assertEquals("secureConnect false " + bad.code, bad.nodeVerdict(port, false));
  }

  @Test
  void wrongHostErrorCarriesReasonHostAndTheServersCertificate() {
    int port = peers.listenTls(BadCertificate.WRONG_HOST.server());
    LoopPeers.Client client = peers.connect(BadCertificate.WRONG_HOST.client(port));
    CertAltNameInvalidError error = assertInstanceOf(CertAltNameInvalidError.class, client.failure());
    assertEquals("Host: localhost. is not in the cert's altnames: DNS:other.example", error.reason());
    assertEquals("Hostname/IP does not match certificate's altnames: " + error.reason(), error.getMessage());
    assertEquals("localhost", error.host());
    assertEquals("other.example", error.cert().subject().get("CN"));
    assertEquals("DNS:other.example", error.cert().subjectaltname());
  }

  @Test
  void customCheckServerIdentityErrorIsTheErrorTheClientFailsWith() {
    int port = peers.listenTls(TlsHandshakeTest.rsaServer());
    NodeError refusal = new NodeError("ERR_PINNED_KEY_MISMATCH", "not the key we pinned");
    List<String> checked = new CopyOnWriteArrayList<>();
    LoopPeers.Client client = peers.connect(new ConnectOptions().host("127.0.0.1").port(port)
        .servername("localhost").ca(LoopPeers.PKI.resolve("root-ca.pem"))
        .checkServerIdentity((host, cert) -> {
          checked.add(host + " " + cert.subject().get("CN"));
          return refusal;
        }));
    assertSame(refusal, client.failure());
    assertEquals(List.of("localhost localhost"), checked, "called once, with servername and the server's certificate");
    assertEquals(List.of("error", "close"), client.events);
  }

  @Test
  void customCheckServerIdentityErrorWithoutRejectUnauthorizedBecomesAuthorizationError() {
    int port = peers.listenTls(TlsHandshakeTest.rsaServer());
    LoopPeers.Client client = peers.connect(new ConnectOptions().host("127.0.0.1").port(port)
        .servername("localhost").ca(LoopPeers.PKI.resolve("root-ca.pem")).rejectUnauthorized(false)
        .checkServerIdentity((host, cert) -> new NodeError("ERR_PINNED_KEY_MISMATCH", "not the key we pinned")));
    assertEquals(new LoopPeers.Authorization(false, "ERR_PINNED_KEY_MISMATCH"), await(client.secureConnect));
    client.closeAndWait();
  }

  @Test
  void customCheckServerIdentityReturningNullAcceptsAWrongHostCertificate() {
    int port = peers.listenTls(BadCertificate.WRONG_HOST.server());
    LoopPeers.Client client = peers.connect(BadCertificate.WRONG_HOST.client(port).checkServerIdentity((h, c) -> null));
    assertEquals(new LoopPeers.Authorization(true, null), await(client.secureConnect));
    client.closeAndWait();
    assertFalse(client.events.contains("error"), "events " + client.events);
  }

  @Test
  void checkServerIdentityIsNotCalledWhenTheChainDidNotVerify() {
    int port = peers.listenTls(BadCertificate.EXPIRED.server());
    AtomicInteger calls = new AtomicInteger();
    LoopPeers.Client client = peers.connect(BadCertificate.EXPIRED.client(port).checkServerIdentity((h, c) -> {
      calls.incrementAndGet();
      return null;
    }));
    assertEquals("CERT_HAS_EXPIRED", assertInstanceOf(NodeError.class, client.failure()).code());
    assertEquals(0, calls.get());
  }

  @Test
  void serverSeesASocketHangUpWhenATls13ClientRefusesItsCertificate() {
    // TLSv1.3: the client refuses before sending its Finished, so (as with Node) the server never becomes secure.
    CompletableFuture<String> serverSaw = new CompletableFuture<>();
    int port = peers.listen(() -> {
      TlsServer server = Tls.createServer(BadCertificate.EXPIRED.server(), s -> serverSaw.complete("secureConnection"));
      server.on(TlsServer.TLS_CLIENT_ERROR, e -> serverSaw.complete(
          "tlsClientError " + ((NodeError) e.exception()).code() + " " + e.exception().getMessage()));
      return server;
    });
    LoopPeers.Client client = peers.connect(BadCertificate.EXPIRED.client(port));
    assertEquals("CERT_HAS_EXPIRED", assertInstanceOf(NodeError.class, client.failure()).code());
    assertEquals("tlsClientError ECONNRESET socket hang up", await(serverSaw));
  }

  @Test
  void trustedServerIsAuthorized() {
    int port = peers.listenTls(TlsHandshakeTest.rsaServer());
    LoopPeers.Client client = peers.connect(new ConnectOptions().host("127.0.0.1").port(port)
        .servername("localhost").ca(LoopPeers.PKI.resolve("root-ca.pem")));
    assertEquals(new LoopPeers.Authorization(true, null), await(client.secureConnect));
    client.closeAndWait();
    assertTrue(client.events.contains("secureConnect"));
  }
}

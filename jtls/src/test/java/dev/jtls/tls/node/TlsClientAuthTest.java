package dev.jtls.tls.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jtls.events.NodeError;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.CheckServerIdentity;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-client-auth.js: client certificates with intermediate CAs (ec10
 * under ca5, agent10 under ca2), sent whole or leaf-only, with CAs as arrays, concatenated strings
 * and the "TRUSTED CERTIFICATE" / "X509 CERTIFICATE" PEM labels; and the errors each side sees when
 * a chain cannot be verified. Node makes all the connections in one process; here each is a test
 * method with its own loop, in the file's order.
 *
 * <p>Most cases fail on this machine for one reason: agent10's root, ca2, has a 1024-bit RSA key,
 * which Debian's libssl (built with security level 2) refuses, where the OpenSSL inside node uses
 * level 1 and accepts it (checked: node 20 here verifies agent3 under ca2).
 */
class TlsClientAuthTest {
  private static final String CLIENT_KEY = text(NodeKeys.EC10.key());
  private static final String CLIENT_CERT = text(NodeKeys.EC10.cert());
  private static final String CLIENT_CA = text(NodeKeys.EC10.ca());
  private static final String SERVER_KEY = text(NodeKeys.AGENT10.key());
  private static final String SERVER_CERT = text(NodeKeys.AGENT10.cert());
  private static final String SERVER_CA = text(NodeKeys.AGENT10.ca());
  /** Node's split(): the leaf ("single") and the intermediate ("subca") of each chain file. */
  private static final String CLIENT_SINGLE = split(CLIENT_CERT)[0];
  private static final String CLIENT_SUBCA = split(CLIENT_CERT)[1];
  private static final String SERVER_SINGLE = split(SERVER_CERT)[0];
  private static final String SERVER_SUBCA = split(SERVER_CERT)[1];

  /** The certificates aren't for "localhost", so the test overrides the identity check. */
  private static final CheckServerIdentity CHECK_SERVER_IDENTITY = (hostname, cert) -> {
    assertEquals("localhost", hostname);
    assertEquals("agent10.example.com", cert.subject().get("CN"));
    return null;
  };

  private static String text(byte[] pem) {
    return new String(pem, StandardCharsets.ISO_8859_1);
  }

  private static String[] split(String file) {
    int end = file.indexOf("END CERTIFICATE-----");
    int cut = file.indexOf('\n', end) + 1;
    return new String[] {file.substring(0, cut), file.substring(cut)};
  }

  private static ConnectOptions client() {
    return new ConnectOptions().checkServerIdentity(CHECK_SERVER_IDENTITY);
  }

  private static String code(Throwable e) {
    return e == null ? null : ((NodeError) e).code();
  }

  private void connect(ServerOptions server, ConnectOptions client, PairedConnect.Callback callback) {
    NodeRun.run(getClass().getSimpleName(), node -> PairedConnect.connect(node, () -> server, () -> client, callback));
  }

  private void connectOk(ServerOptions server, ConnectOptions client) {
    connect(server, client, (err, pair, cleanup) -> {
      assertNull(err);
      cleanup.run();
    });
  }

  @Test
  @Timeout(20)
  @Tag("node-pending") // jtls: the system libssl (security level 2) rejects agent10's 1024-bit root ca2, "CA certificate key too weak" (code UNSPECIFIED); Node's OpenSSL (level 1) accepts it
  void clientChainVerified() {
    connectOk(new ServerOptions().key(SERVER_KEY).cert(SERVER_CERT).ca(CLIENT_CA).requestCert(true),
        client().key(CLIENT_KEY).cert(CLIENT_CERT).ca(SERVER_CA));
  }

  @Test
  @Timeout(20)
  @Tag("node-pending") // jtls: the system libssl (security level 2) rejects agent10's 1024-bit root ca2, "CA certificate key too weak" (code UNSPECIFIED); Node's OpenSSL (level 1) accepts it
  void noClientCertificateNotRequested() {
    connectOk(new ServerOptions().key(SERVER_KEY).cert(SERVER_CERT).ca(CLIENT_CA), client().ca(SERVER_CA));
  }

  @Test
  @Timeout(20)
  void noClientCertificateOverTls12() {
    connect(new ServerOptions().key(SERVER_KEY).cert(SERVER_CERT).ca(CLIENT_CA).requestCert(true),
        client().maxVersion("TLSv1.2").ca(SERVER_CA), (err, pair, cleanup) -> {
          assertEquals("ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE", code(pair.server().err));
          assertEquals("ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE", code(pair.client().err));
          cleanup.run();
        });
  }

  @Test
  @Timeout(20)
  @Tag("node-pending") // jtls: the server sees ECONNRESET, as the client already rejected the 1024-bit ca2 (security level 2); Node: ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE
  void noClientCertificateOverTls13() {
    // Node runs this case only when tls.DEFAULT_MAX_VERSION is TLSv1.3, the default in both
    NodeRun.run(getClass().getSimpleName(), node -> PairedConnect.connect(node,
        () -> new ServerOptions().key(SERVER_KEY).cert(SERVER_CERT).ca(CLIENT_CA).requestCert(true),
        () -> client().ca(SERVER_CA),
        (err, pair, cleanup) -> {
          assertEquals("ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE", code(pair.server().err));
          pair.client().conn.once(Duplex.ERROR, node.mustCall(e -> {
            assertEquals("ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED", code(e));
            cleanup.run();
          }));
        }));
  }

  @Test
  @Timeout(20)
  @Tag("node-pending") // jtls: the system libssl (security level 2) rejects agent10's 1024-bit root ca2, "CA certificate key too weak" (code UNSPECIFIED); Node's OpenSSL (level 1) accepts it
  void leafOnlyWithIntermediatesInCaArrays() {
    connectOk(new ServerOptions().key(SERVER_KEY).cert(SERVER_SINGLE).ca(List.of(CLIENT_CA, CLIENT_SUBCA))
        .requestCert(true), client().key(CLIENT_KEY).cert(CLIENT_SINGLE).ca(List.of(SERVER_CA, SERVER_SUBCA)));
  }

  @Test
  @Timeout(20)
  @Tag("node-pending") // jtls: the system libssl (security level 2) rejects agent10's 1024-bit root ca2, "CA certificate key too weak" (code UNSPECIFIED); Node's OpenSSL (level 1) accepts it
  void leafOnlyWithIntermediatesInCaStrings() {
    connectOk(new ServerOptions().key(SERVER_KEY).cert(SERVER_SINGLE).ca(CLIENT_CA + "\n" + CLIENT_SUBCA)
        .requestCert(true), client().key(CLIENT_KEY).cert(CLIENT_SINGLE).ca(SERVER_CA + "\n" + SERVER_SUBCA));
  }

  @Test
  @Timeout(20)
  @Tag("node-pending") // jtls: the system libssl (security level 2) rejects agent10's 1024-bit root ca2, "CA certificate key too weak" (code UNSPECIFIED); Node's OpenSSL (level 1) accepts it
  void leafOnlyWithIntermediatesInOneElementArrays() {
    connectOk(new ServerOptions().key(SERVER_KEY).cert(SERVER_SINGLE).ca(List.of(CLIENT_CA + "\n" + CLIENT_SUBCA))
        .requestCert(true), client().key(CLIENT_KEY).cert(CLIENT_SINGLE).ca(List.of(SERVER_CA + "\n" + SERVER_SUBCA)));
  }

  @Test
  @Timeout(20)
  void serverLeafWithoutIntermediate() {
    connect(new ServerOptions().key(SERVER_KEY).cert(SERVER_SINGLE), client().ca(SERVER_CA), (err, pair, cleanup) -> {
      assertEquals("UNABLE_TO_VERIFY_LEAF_SIGNATURE", code(err));
      cleanup.run();
    });
  }

  @Test
  @Timeout(20)
  @Tag("node-pending") // jtls: the client fails first with UNSPECIFIED ("CA certificate key too weak", ca2 at security level 2); Node: the server resets it, ECONNRESET
  void clientLeafWithoutIntermediateIsReset() {
    connect(new ServerOptions().key(SERVER_KEY).cert(SERVER_CERT).ca(CLIENT_CA).requestCert(true),
        client().key(CLIENT_KEY).cert(CLIENT_SINGLE).ca(SERVER_CA), (err, pair, cleanup) -> {
          // Node asserts pair.client.error / pair.server.error, properties the fixture never sets: always undefined
          assertEquals("ECONNRESET", code(err));
          cleanup.run();
        });
  }

  @Test
  @Timeout(20)
  void noCaUnableToGetIssuerLocally() {
    connect(new ServerOptions().key(SERVER_KEY).cert(SERVER_CERT), client(), (err, pair, cleanup) -> {
      assertEquals("UNABLE_TO_GET_ISSUER_CERT_LOCALLY", code(err));
      cleanup.run();
    });
  }

  @Test
  @Timeout(20)
  @Tag("node-pending") // jtls: ERR_SSL_CA_KEY_TOO_SMALL for the 1024-bit root ca2 (system libssl at security level 2); Node: SELF_SIGNED_CERT_IN_CHAIN
  void rootInServerChainWithoutCa() {
    connect(new ServerOptions().key(SERVER_KEY).cert(SERVER_CERT + "\n" + SERVER_CA), client(), (err, pair, cleanup) -> {
      assertEquals("SELF_SIGNED_CERT_IN_CHAIN", code(err));
      cleanup.run();
    });
  }

  @Test
  @Timeout(20)
  @Tag("node-pending") // jtls: the system libssl (security level 2) refuses the chain holding the 1024-bit root ca2, ERR_SSL_CA_KEY_TOO_SMALL; Node's OpenSSL (level 1): success
  void rootInServerChainWithCa() {
    connectOk(new ServerOptions().key(SERVER_KEY).cert(SERVER_CERT + "\n" + SERVER_CA), client().ca(SERVER_CA));
  }

  @Test
  @Timeout(20)
  @Tag("node-pending") // jtls: the client fails first with UNSPECIFIED ("CA certificate key too weak", ca2 at security level 2); Node: ECONNRESET
  void clientLeafWithoutIntermediateIsResetAgain() {
    // Node's file repeats clientLeafWithoutIntermediateIsReset's connection verbatim
    clientLeafWithoutIntermediateIsReset();
  }


  @Test
  @Timeout(20)
  @Tag("node-pending") // jtls: the client fails first with UNSPECIFIED ("CA certificate key too weak", ca2 at security level 2); Node: the server resets it, ECONNRESET
  void serverWithoutClientCaResets() {
    connect(new ServerOptions().key(SERVER_KEY).cert(SERVER_CERT).requestCert(true),
        client().key(CLIENT_KEY).cert(CLIENT_CERT).ca(SERVER_CA), (err, pair, cleanup) -> {
          assertEquals("ECONNRESET", code(err));
          cleanup.run();
        });
  }

  @Test
  @Timeout(20)
  @Tag("node-pending") // jtls: the system libssl (security level 2) rejects agent10's 1024-bit root ca2, "CA certificate key too weak" (code UNSPECIFIED); Node's OpenSSL (level 1) accepts it
  void trustedCertificateLabelOnClient() {
    caLabelOnClient("TRUSTED CERTIFICATE");
  }


  @Test
  @Timeout(20)
  @Tag("node-pending") // jtls: the system libssl (security level 2) rejects agent10's 1024-bit root ca2, "CA certificate key too weak" (code UNSPECIFIED); Node's OpenSSL (level 1) accepts it
  void trustedCertificateLabelOnServer() {
    caLabelOnServer("TRUSTED CERTIFICATE");
  }


  @Test
  @Timeout(20)
  @Tag("node-pending") // jtls: the system libssl (security level 2) rejects agent10's 1024-bit root ca2, "CA certificate key too weak" (code UNSPECIFIED); Node's OpenSSL (level 1) accepts it
  void x509CertificateLabelOnClient() {
    caLabelOnClient("X509 CERTIFICATE");
  }


  @Test
  @Timeout(20)
  @Tag("node-pending") // jtls: the system libssl (security level 2) rejects agent10's 1024-bit root ca2, "CA certificate key too weak" (code UNSPECIFIED); Node's OpenSSL (level 1) accepts it
  void x509CertificateLabelOnServer() {
    caLabelOnServer("X509 CERTIFICATE");
  }


  /** The client's {@code ca} (the server's root) with its PEM label changed from CERTIFICATE to {@code label}. */
  private void caLabelOnClient(String label) {
    connectOk(new ServerOptions().key(SERVER_KEY).cert(SERVER_CERT).ca(CLIENT_CA).requestCert(true),
        client().key(CLIENT_KEY).cert(CLIENT_CERT).ca(SERVER_CA.replace("CERTIFICATE", label)));
  }

  /** The server's {@code ca} (the client's root) with its PEM label changed from CERTIFICATE to {@code label}. */
  private void caLabelOnServer(String label) {
    connectOk(new ServerOptions().key(SERVER_KEY).cert(SERVER_CERT).ca(CLIENT_CA.replace("CERTIFICATE", label))
        .requestCert(true), client().key(CLIENT_KEY).cert(CLIENT_CERT).ca(SERVER_CA));
  }
}

package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.jtls.events.NodeError;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NoNativeLeaks;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A server with {@code requestCert} judges client certificates as Node does: authorized when the
 * chain verifies against its CAs; with {@code rejectUnauthorized: false}, the connection proceeds
 * with {@code authorizationError}; otherwise the connection is refused. The refusals' events, on
 * both ends, are those a Node server and client give for the same scenario (run with node v20:
 * the expectations below are its output).
 */
@ExtendWith(NoNativeLeaks.class)
class ClientAuthenticationTest {
  private final LoopPeers peers = new LoopPeers();

  /** The first thing the server reported for a connection: its verdict at 'secureConnection', or 'tlsClientError'. */
  private final CompletableFuture<String> serverVerdict = new CompletableFuture<>();

  @AfterEach
  void closePeers() {
    peers.close();
  }

  private int listen(ServerOptions options) {
    return peers.listen(() -> {
      TlsServer server = Tls.createServer(options, socket -> {
        serverVerdict.complete("secureConnection " + socket.authorized() + " " + socket.authorizationError());
        socket.on(Duplex.ERROR, e -> {});
        socket.end();
      });
      server.on(TlsServer.TLS_CLIENT_ERROR, e -> serverVerdict.complete("tlsClientError "
          + ((NodeError) e.exception()).code() + " "
          + (e.exception() instanceof OpenSslError o ? o.reason() : e.exception().getMessage())));
      return server;
    });
  }

  private static ServerOptions requestingServer(String trusted) {
    return TlsHandshakeTest.rsaServer().ca(LoopPeers.PKI.resolve(trusted)).requestCert(true);
  }

  private LoopPeers.Client connect(int port, ConnectOptions extra) {
    return peers.connect(extra.host("127.0.0.1").port(port).servername("localhost")
        .ca(LoopPeers.PKI.resolve("root-ca.pem")));
  }

  private static ConnectOptions withClientCertificate() {
    return new ConnectOptions().key(LoopPeers.PKI.resolve("client.key")).cert(LoopPeers.PKI.resolve("client-chain.pem"));
  }

  @Test
  void clientCertificateSignedByTheTrustedCaIsAuthorized() {
    int port = listen(requestingServer("root-ca.pem"));
    LoopPeers.Client client = connect(port, withClientCertificate());
    assertEquals("secureConnection true null", await(serverVerdict));
    await(client.closed);
    assertEquals(List.of("secureConnect", "end", "close"), client.events);
  }

  @Test
  void untrustedClientCertificateIsUnauthorizedButConnectsWhenRejectUnauthorizedIsFalse() {
    int port = listen(requestingServer("self-signed.pem").rejectUnauthorized(false));
    LoopPeers.Client client = connect(port, withClientCertificate());
    assertEquals("secureConnection false UNABLE_TO_GET_ISSUER_CERT_LOCALLY", await(serverVerdict));
    await(client.closed);
    assertEquals(List.of("secureConnect", "end", "close"), client.events);
  }

  @Test
  void selfSignedClientCertificateIsInvalidPurposeAsInNode() {
    int port = listen(requestingServer("root-ca.pem").rejectUnauthorized(false));
    connect(port, new ConnectOptions().key(LoopPeers.PKI.resolve("self-signed.key"))
        .cert(LoopPeers.PKI.resolve("self-signed.pem")));
    assertEquals("secureConnection false INVALID_PURPOSE", await(serverVerdict));
  }

  @Test
  void missingClientCertificateIsUnableToGetIssuerCertWhenRejectUnauthorizedIsFalse() {
    int port = listen(requestingServer("root-ca.pem").rejectUnauthorized(false));
    LoopPeers.Client client = connect(port, new ConnectOptions());
    assertEquals("secureConnection false UNABLE_TO_GET_ISSUER_CERT", await(serverVerdict));
    await(client.closed);
  }

  @Test
  void missingClientCertificateFailsTheTls13HandshakeWithTheCertificateRequiredAlert() {
    int port = listen(requestingServer("root-ca.pem"));
    LoopPeers.Client client = connect(port, new ConnectOptions());
    assertEquals("tlsClientError ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE peer did not return a certificate",
        await(serverVerdict));
    OpenSslError error = assertInstanceOf(OpenSslError.class, client.failure());
    assertEquals("ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED", error.code());
    assertEquals("tlsv13 alert certificate required", error.reason());
    // TLSv1.3: the client finishes its side of the handshake before the server reads its (empty) certificate.
    assertEquals("secureConnect", client.events.getFirst());
  }

  @Test
  void missingClientCertificateFailsTheTls12HandshakeWithAHandshakeFailureAlert() {
    int port = listen(requestingServer("root-ca.pem"));
    LoopPeers.Client client = connect(port, new ConnectOptions().maxVersion("TLSv1.2"));
    assertEquals("tlsClientError ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE peer did not return a certificate",
        await(serverVerdict));
    OpenSslError error = assertInstanceOf(OpenSslError.class, client.failure());
    assertEquals("ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE", error.code());
    assertEquals(List.of("error", "close"), client.events);
  }

  @Test
  void untrustedClientCertificateIsDroppedAfterTheTls13HandshakeAsASocketHangUp() {
    int port = listen(requestingServer("self-signed.pem"));
    LoopPeers.Client client = connect(port, withClientCertificate());
    assertEquals("tlsClientError ECONNRESET socket hang up", await(serverVerdict));
    await(client.closed);
    assertEquals(List.of("secureConnect", "end", "close"), client.events);
  }

  @Test
  void untrustedClientCertificateResetsATls12ClientBeforeItIsSecure() {
    int port = listen(requestingServer("self-signed.pem"));
    LoopPeers.Client client = connect(port, withClientCertificate().maxVersion("TLSv1.2"));
    assertEquals("tlsClientError ECONNRESET socket hang up", await(serverVerdict));
    NodeError error = assertInstanceOf(NodeError.class, client.failure());
    assertEquals("ECONNRESET", error.code());
    assertEquals("Client network socket disconnected before secure TLS connection was established", error.getMessage());
    assertEquals(List.of("error", "close"), client.events);
  }
}

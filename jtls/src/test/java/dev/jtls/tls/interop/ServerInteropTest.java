package dev.jtls.tls.interop;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.net.LoopTesting;
import dev.jtls.testing.NoNativeLeaks;
import dev.jtls.tls.TlsClientError;
import dev.jtls.tls.TlsSocket;
import dev.jtls.tls.X509Certificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * jtls's server against foreign clients: openssl s_client and a Node client. Each behaviour is
 * checked from both ends: what the jtls server's socket reports and what the client reports.
 */
@ExtendWith(NoNativeLeaks.class)
class ServerInteropTest {
  @TempDir
  Path workDir;

  private JtlsServerPeer server;
  private ClientPeer client;

  @AfterEach
  void cleanUp() {
    try {
      if (client != null) {
        client.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  private ClientPeer connect(ClientPeer.Kind kind, ServerSetup serverSetup, ClientSetup clientSetup) {
    server = JtlsServerPeer.start(serverSetup);
    client = kind.start(clientSetup.port(server.port()), workDir);
    return client;
  }

  private <T> T onServerSocket(Function<TlsSocket, T> query) {
    TlsSocket socket = server.connection().socket;
    return LoopTesting.call(socket.loop(), (Callable<T>) () -> query.apply(socket));
  }

  @ParameterizedTest
  @EnumSource(ClientPeer.Kind.class)
  void negotiatesTls13AndBothEndsAgreeOnVersionAndCipher(ClientPeer.Kind kind) {
    Handshake seen = connect(kind, new ServerSetup(), new ClientSetup()).awaitHandshake();
    assertEquals("TLSv1.3", seen.protocol());
    assertTrue(seen.authorized(), "the client verified jtls's certificate chain");
    assertEquals("localhost", seen.peerCommonName());
    assertEquals(seen.protocol(), onServerSocket(TlsSocket::getProtocol));
    assertEquals(seen.cipher(), onServerSocket(s -> s.getCipher().name()));
    assertFalse(onServerSocket(TlsSocket::authorized), "no client certificate was asked for");
  }

  @ParameterizedTest
  @EnumSource(ClientPeer.Kind.class)
  void clientCappedAtTls12NegotiatesTls12(ClientPeer.Kind kind) {
    Handshake seen = connect(kind, new ServerSetup(), new ClientSetup().maxVersion("TLSv1.2")).awaitHandshake();
    assertEquals("TLSv1.2", seen.protocol());
    assertEquals("TLSv1.2", onServerSocket(TlsSocket::getProtocol));
    assertEquals(seen.cipher(), onServerSocket(s -> s.getCipher().name()));
  }

  @ParameterizedTest
  @EnumSource(ClientPeer.Kind.class)
  void exchangesDataBothWaysIncludingOneMebibyte(ClientPeer.Kind kind) {
    ClientPeer c = connect(kind, new ServerSetup(), new ClientSetup());
    c.awaitHandshake();
    c.send("hello from the client\n".getBytes(StandardCharsets.US_ASCII));
    server.awaitReceived("hello from the client\n".getBytes(StandardCharsets.US_ASCII));
    server.send("hello from jtls\n".getBytes(StandardCharsets.US_ASCII));
    c.awaitReceived("hello from jtls\n".getBytes(StandardCharsets.US_ASCII));
    byte[] up = Payloads.random(1 << 20, 3);
    byte[] down = Payloads.random(1 << 20, 4);
    c.send(up);
    server.awaitReceived(up);
    server.send(down);
    c.awaitReceived(down);
  }

  @ParameterizedTest
  @EnumSource(ClientPeer.Kind.class)
  void seesTheServernameTheClientSent(ClientPeer.Kind kind) {
    Handshake seen = connect(kind, new ServerSetup(), new ClientSetup().servername("localhost")).awaitHandshake();
    assertTrue(seen.authorized());
    assertEquals("localhost", server.awaitHandshake().servername());
    assertEquals("localhost", onServerSocket(TlsSocket::servername));
  }

  @ParameterizedTest
  @EnumSource(ClientPeer.Kind.class)
  void withoutServernameTheServerSeesNone(ClientPeer.Kind kind) {
    connect(kind, new ServerSetup(), new ClientSetup()).awaitHandshake();
    assertNull(onServerSocket(TlsSocket::servername));
  }

  @ParameterizedTest
  @EnumSource(ClientPeer.Kind.class)
  void requestCertAuthorizesAClientCertificateFromTheTrustedCa(ClientPeer.Kind kind) {
    ClientPeer c = connect(kind, new ServerSetup().requireClientCert(), new ClientSetup().identity(Identity.RSA_CLIENT));
    c.awaitHandshake();
    Handshake serverSide = server.awaitHandshake();
    assertTrue(serverSide.authorized());
    assertEquals("jtls client", serverSide.peerCommonName());
    assertNull(onServerSocket(TlsSocket::authorizationError));
    assertEquals("jtls Test Intermediate CA", onServerSocket(s -> s.getPeerCertificate().issuer().get("CN")));
  }

  @ParameterizedTest
  @EnumSource(ClientPeer.Kind.class)
  void peerX509CertificateIsTheClientCertificateLinkedToTheChainItSent(ClientPeer.Kind kind) {
    connect(kind, new ServerSetup().requireClientCert(), new ClientSetup().identity(Identity.RSA_CLIENT)).awaitHandshake();
    server.awaitHandshake();
    X509Certificate peer = onServerSocket(TlsSocket::getPeerX509Certificate);
    assertEquals("O=jtls\nCN=jtls client", peer.subject());
    assertEquals("O=jtls\nCN=jtls Test Intermediate CA", peer.issuerCertificate().subject());
    assertNull(peer.issuerCertificate().issuerCertificate());
    assertEquals(peer, onServerSocket(TlsSocket::getPeerX509Certificate), "asking again gives the same answer");
    X509Certificate local = onServerSocket(TlsSocket::getX509Certificate);
    assertEquals("localhost", local.checkHost("localhost"));
    assertNull(local.issuerCertificate(), "the local certificate has no issuerCertificate, as in Node");
  }

  @ParameterizedTest
  @CsvSource({
      "OPENSSL, TLSv1.3, tlsv13 alert certificate required",
      "OPENSSL, TLSv1.2, sslv3 alert handshake failure",
      "NODE, TLSv1.3, ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED",
      "NODE, TLSv1.2, ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE",
      "JSSE, TLSv1.3, Received fatal alert: certificate_required",
      // JSSE writes its TLSv1.2 flight record by record: when the refusal closes the connection under
      // a later record, it reports the broken pipe instead of the alert.
      "JSSE, TLSv1.2, Received fatal alert: handshake_failure|Broken pipe",
      "GNUTLS, TLSv1.3, Received alert [116]: Certificate is required",
      "GNUTLS, TLSv1.2, Received alert [40]: Handshake failed"})
  void requestCertWithRejectUnauthorizedRefusesAClientWithoutCertificate(ClientPeer.Kind kind, String version,
      String clientReport) {
    ClientPeer c = connect(kind, new ServerSetup().requireClientCert(), new ClientSetup().maxVersion(version));
    String failure = c.awaitFailure();
    assertTrue(Stream.of(clientReport.split("\\|")).anyMatch(failure::contains), failure);
    TlsClientError error = server.awaitTlsClientError();
    assertEquals("ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE", ((NodeError) error.exception()).code());
  }

  @ParameterizedTest
  @EnumSource(ClientPeer.Kind.class)
  void servesAnEcCertificate(ClientPeer.Kind kind) {
    Handshake seen = connect(kind, new ServerSetup().identity(Identity.EC_SERVER), new ClientSetup().maxVersion("TLSv1.2"))
        .awaitHandshake();
    assertTrue(seen.authorized());
    assertEquals("localhost", seen.peerCommonName());
    assertTrue(seen.cipher().startsWith("ECDHE-ECDSA-"), seen.cipher());
    assertEquals(seen.cipher(), onServerSocket(s -> s.getCipher().name()));
    assertEquals("P-256", onServerSocket(s -> s.getCertificate().nistCurve()));
  }

  @ParameterizedTest
  @EnumSource(ClientPeer.Kind.class)
  void ciphersOptionDecidesTheTls12Suite(ClientPeer.Kind kind) {
    ServerSetup setup = new ServerSetup().maxVersion("TLSv1.2").ciphers("ECDHE-RSA-AES128-GCM-SHA256");
    Handshake seen = connect(kind, setup, new ClientSetup()).awaitHandshake();
    assertEquals("TLSv1.2", seen.protocol());
    assertEquals("ECDHE-RSA-AES128-GCM-SHA256", seen.cipher());
    assertEquals("ECDHE-RSA-AES128-GCM-SHA256", onServerSocket(s -> s.getCipher().name()));
    assertEquals("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", onServerSocket(s -> s.getCipher().standardName()));
  }

  @ParameterizedTest
  @EnumSource(ClientPeer.Kind.class)
  void clientEndReachesTheServerWhichEndsInTurn(ClientPeer.Kind kind) {
    ClientPeer c = connect(kind, new ServerSetup(), new ClientSetup());
    c.awaitHandshake();
    server.awaitHandshake();
    c.end();
    server.awaitClientEnd();
    c.awaitServerEnd();
    SocketRecorder serverSocket = server.connection();
    assertFalse(await(serverSocket.closed), "the server socket closes without error");
    assertTrue(serverSocket.events.containsAll(List.of("end", "close")), serverSocket.events.toString());
  }
}

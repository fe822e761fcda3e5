package dev.jtls.tls.interop;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.net.LoopTesting;
import dev.jtls.testing.NoNativeLeaks;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.PeerCertificate;
import dev.jtls.tls.X509Certificate;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * jtls's client against foreign servers: openssl s_server, a Node server, JSSE's SSLServerSocket,
 * gnutls-serv, and jtls's own. Each
 * behaviour is checked from both ends: what jtls reports and what the server reports.
 */
@ExtendWith(NoNativeLeaks.class)
class ClientInteropTest {
  @TempDir
  Path workDir;

  private ServerPeer server;
  private SocketRecorder client;

  @AfterEach
  void cleanUp() {
    try {
      if (client != null) {
        client.destroy();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  private ServerPeer serve(ServerPeer.Kind kind, ServerSetup setup) {
    server = kind.start(setup, workDir);
    return server;
  }

  /** Connects to the server on 127.0.0.1, trusting the test root (the certificates name 127.0.0.1). */
  private SocketRecorder connect(ConnectOptions options) {
    client = SocketRecorder.connect(options.host("127.0.0.1").port(server.port()).ca(Identity.ROOT_CA));
    client.awaitSecure();
    return client;
  }

  private static <T> T onLoop(SocketRecorder r, Callable<T> query) {
    return LoopTesting.call(r.socket.loop(), query);
  }

  @ParameterizedTest
  @EnumSource(ServerPeer.Kind.class)
  void negotiatesTls13AndBothEndsAgreeOnVersionAndCipher(ServerPeer.Kind kind) {
    serve(kind, new ServerSetup());
    SocketRecorder c = connect(new ConnectOptions());
    Handshake seen = server.awaitHandshake();
    assertEquals("TLSv1.3", onLoop(c, c.socket::getProtocol));
    assertEquals(seen.protocol(), onLoop(c, c.socket::getProtocol));
    assertEquals(seen.cipher(), onLoop(c, () -> c.socket.getCipher().name()));
    assertTrue(onLoop(c, c.socket::authorized), "the test root verifies the server");
    assertNull(onLoop(c, c.socket::authorizationError));
    assertEquals(List.of("secure", "secureConnect"), c.events);
  }

  @ParameterizedTest
  @EnumSource(ServerPeer.Kind.class)
  void maxVersionTls12NegotiatesTls12(ServerPeer.Kind kind) {
    serve(kind, new ServerSetup());
    SocketRecorder c = connect(new ConnectOptions().maxVersion("TLSv1.2"));
    Handshake seen = server.awaitHandshake();
    assertEquals("TLSv1.2", onLoop(c, c.socket::getProtocol));
    assertEquals("TLSv1.2", seen.protocol());
    assertEquals(seen.cipher(), onLoop(c, () -> c.socket.getCipher().name()));
    assertEquals("TLSv1.2", onLoop(c, () -> c.socket.getCipher().version()));
  }

  @ParameterizedTest
  // Not gnutls-serv: it only echoes, it cannot send data of its own.
  @EnumSource(value = ServerPeer.Kind.class, names = "GNUTLS", mode = EnumSource.Mode.EXCLUDE)
  void exchangesDataBothWays(ServerPeer.Kind kind) {
    serve(kind, new ServerSetup());
    SocketRecorder c = connect(new ConnectOptions());
    c.onLoop(s -> s.write("hello from jtls\n"));
    server.awaitReceived("hello from jtls\n".getBytes(StandardCharsets.US_ASCII));
    server.send("hello from the server\n".getBytes(StandardCharsets.US_ASCII));
    c.awaitReceived("hello from the server\n".getBytes(StandardCharsets.US_ASCII));
  }

  @ParameterizedTest
  // Not gnutls-serv: it only echoes, it cannot send data of its own.
  @EnumSource(value = ServerPeer.Kind.class, names = "GNUTLS", mode = EnumSource.Mode.EXCLUDE)
  void oneMebibyteArrivesIntactInEachDirection(ServerPeer.Kind kind) {
    serve(kind, new ServerSetup());
    SocketRecorder c = connect(new ConnectOptions());
    byte[] up = Payloads.random(1 << 20, 1);
    byte[] down = Payloads.random(1 << 20, 2);
    c.onLoop(s -> s.write(up));
    server.awaitReceived(up);
    server.send(down);
    c.awaitReceived(down);
  }

  /**
   * write(ByteBuffer): a mebibyte from direct and heap buffers whose sizes do not line up with
   * records arrives intact, each buffer consumed by the write that took it.
   */
  @ParameterizedTest
  // Not gnutls-serv: its --echo is a line echo of C strings (it cuts binary data at the first NUL and sends back
  // only complete lines; a Python client and gnutls-cli alone get the same), so it cannot carry random bytes.
  @EnumSource(value = ServerPeer.Kind.class, names = "GNUTLS", mode = EnumSource.Mode.EXCLUDE)
  void aMebibyteWrittenFromByteBuffersArrivesIntact(ServerPeer.Kind kind) {
    serve(kind, new ServerSetup());
    SocketRecorder c = connect(new ConnectOptions());
    byte[] up = Payloads.random(1 << 20, 5);
    int[] sizes = {5, 33_000, 16_384, 1, 20_000};
    c.onLoop(s -> {
      int off = 0;
      for (int i = 0; off < up.length; i++) {
        int n = Math.min(up.length - off, sizes[i % sizes.length]);
        ByteBuffer buffer = i % 2 == 0 ? ByteBuffer.allocateDirect(n) : ByteBuffer.allocate(n);
        buffer.put(up, off, n).flip();
        s.write(buffer); // false past the high-water mark: the rest is queued, as in Node
        assertFalse(buffer.hasRemaining());
        off += n;
      }
    });
    server.awaitReceived(up);
  }

  @ParameterizedTest
  // Not gnutls-serv: it does not print the SNI name it received.
  @EnumSource(value = ServerPeer.Kind.class, names = "GNUTLS", mode = EnumSource.Mode.EXCLUDE)
  void sendsTheServernameTheServerSees(ServerPeer.Kind kind) {
    serve(kind, new ServerSetup().servername("localhost"));
    SocketRecorder c = connect(new ConnectOptions().servername("localhost"));
    assertEquals("localhost", server.awaitHandshake().servername());
    assertEquals("localhost", onLoop(c, c.socket::servername));
    assertTrue(onLoop(c, c.socket::authorized));
  }

  @ParameterizedTest
  @EnumSource(ServerPeer.Kind.class)
  void detailedPeerCertificateIsTheServersChainUpToTheTrustedRoot(ServerPeer.Kind kind) {
    serve(kind, new ServerSetup());
    SocketRecorder c = connect(new ConnectOptions());
    PeerCertificate leaf = onLoop(c, () -> c.socket.getPeerCertificate(true));
    List<String> subjects = new ArrayList<>();
    PeerCertificate cert = leaf;
    while (true) {
      subjects.add((String) cert.subject().get("CN"));
      if (cert.issuerCertificate() == cert) {
        break;
      }
      cert = cert.issuerCertificate();
    }
    assertEquals(List.of("localhost", "jtls Test Intermediate CA", "jtls Test Root CA"), subjects);
    assertSame(cert, cert.issuerCertificate(), "the root is its own issuer");
  }

  @ParameterizedTest
  @EnumSource(ServerPeer.Kind.class)
  void peerX509CertificateLinksTheChainTheServerSentInItsOrder(ServerPeer.Kind kind) {
    serve(kind, new ServerSetup());
    SocketRecorder c = connect(new ConnectOptions());
    X509Certificate leaf = onLoop(c, c.socket::getPeerX509Certificate);
    List<String> subjects = new ArrayList<>();
    for (X509Certificate cert = leaf; cert != null; cert = cert.issuerCertificate()) {
      subjects.add(cert.subject());
      assertTrue(cert.issuerCertificate() == null || cert.checkIssued(cert.issuerCertificate()));
    }
    List<String> sent = new ArrayList<>(List.of("C=UK\nST=BC\nL=Metro\nO=jtls\nOU=Docs\nOU=Tests\nCN=localhost",
        "O=jtls\nCN=jtls Test Intermediate CA"));
    if (kind == ServerPeer.Kind.OPENSSL) {
      sent.add("O=jtls\nCN=jtls Test Root CA"); // s_server -build_chain sends the root too
    }
    assertEquals(sent, subjects);
    // Node v20 empties the connection's peer chain here, so it answers undefined the second time.
    assertEquals(leaf, onLoop(c, c.socket::getPeerX509Certificate));
    assertEquals(onLoop(c, () -> c.socket.getPeerCertificate().toJson()), leaf.toLegacyObject().toJson());
  }

  @ParameterizedTest
  @EnumSource(ServerPeer.Kind.class)
  void ecServerCertificateVerifies(ServerPeer.Kind kind) {
    serve(kind, new ServerSetup().identity(Identity.EC_SERVER));
    SocketRecorder c = connect(new ConnectOptions().maxVersion("TLSv1.2"));
    Handshake seen = server.awaitHandshake();
    assertTrue(onLoop(c, c.socket::authorized));
    assertEquals("P-256", onLoop(c, () -> c.socket.getPeerCertificate().nistCurve()));
    assertEquals(seen.cipher(), onLoop(c, () -> c.socket.getCipher().name()));
    assertTrue(seen.cipher().startsWith("ECDHE-ECDSA-"), seen.cipher());
  }

  @ParameterizedTest
  // Not gnutls-serv: it prints nothing when the client ends, so its end cannot be awaited.
  @EnumSource(value = ServerPeer.Kind.class, names = "GNUTLS", mode = EnumSource.Mode.EXCLUDE)
  void endSendsCloseNotifyAndThePeersEndClosesTheSocketCleanly(ServerPeer.Kind kind) {
    serve(kind, new ServerSetup());
    SocketRecorder c = connect(new ConnectOptions());
    server.awaitHandshake();
    c.onLoop(s -> s.end());
    server.awaitClientEnd();
    assertFalse(await(c.closed), "close without error");
    assertTrue(c.events.containsAll(List.of("end", "close")), c.events.toString());
    assertFalse(c.events.stream().anyMatch(e -> e.startsWith("error")), c.events.toString());
  }

  @ParameterizedTest
  @EnumSource(ServerPeer.Kind.class)
  void presentsItsCertificateWhenTheServerRequiresOne(ServerPeer.Kind kind) {
    serve(kind, new ServerSetup().requireClientCert());
    SocketRecorder c = connect(new ConnectOptions().key(Identity.RSA_CLIENT.key()).cert(Identity.RSA_CLIENT.chain()));
    Handshake seen = server.awaitHandshake();
    assertTrue(seen.authorized(), "the server verified the client");
    assertEquals("jtls client", seen.peerCommonName());
    c.onLoop(s -> s.write("with a certificate\n"));
    server.awaitReceived("with a certificate\n".getBytes(StandardCharsets.US_ASCII));
  }

  @ParameterizedTest
  @CsvSource({
      "OPENSSL, TLSv1.3, ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED",
      "OPENSSL, TLSv1.2, ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE",
      "NODE, TLSv1.3, ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED",
      "NODE, TLSv1.2, ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE",
      "JSSE, TLSv1.3, ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED",
      "JSSE, TLSv1.2, ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE",
      "GNUTLS, TLSv1.3, ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED",
      // GnuTLS answers an empty client Certificate with decode_error (openssl s_client gets the same alert).
      "GNUTLS, TLSv1.2, ERR_SSL_TLSV1_ALERT_DECODE_ERROR",
      "JTLS, TLSv1.3, ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED",
      "JTLS, TLSv1.2, ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE"})
  void withoutACertificateARequiringServerFailsItWithNodesAlertCode(ServerPeer.Kind kind, String version, String code) {
    serve(kind, new ServerSetup().requireClientCert());
    client = SocketRecorder.connect(new ConnectOptions().host("127.0.0.1").port(server.port()).ca(Identity.ROOT_CA)
        .maxVersion(version));
    Throwable error = await(client.error);
    assertEquals(code, ((NodeError) error).code(), error.getMessage());
    assertTrue(await(client.closed), "close(hadError)");
    // TLSv1.3 clients finish their handshake before the server judges the certificate, as in Node.
    List<String> expected = version.equals("TLSv1.3")
        ? List.of("secure", "secureConnect", "error:" + code, "close(hadError)")
        : List.of("error:" + code, "close(hadError)");
    assertEquals(expected, client.events);
  }
}

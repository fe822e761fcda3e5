package dev.jtls.tls.interop;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.net.EventLoop;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsClientError;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ALPN between jtls and Node, both ways: the server's preference wins, no extension means null
 * (Node's false), and no protocol in common fails the handshake with Node's codes on both ends.
 * The same with JSSE and GnuTLS peers (not openssl: s_server and s_client -brief do not print the
 * protocol agreed; not gnutls-serv for no protocol in common: it goes on without ALPN unless
 * --alpn-fatal).
 */
class AlpnInteropTest {
  @TempDir
  Path dir;

  private TlsServer server;

  @AfterEach
  void closeServer() {
    if (server != null) {
      CompletableFuture<Void> closed = new CompletableFuture<>();
      server.close(() -> closed.complete(null));
      await(closed);
    }
  }

  @Test
  void aJtlsClientGetsTheNodeServersPreferredProtocol() throws Exception {
    try (PeerProcess node = nodePeer("server", Identity.RSA_SERVER.key().toString(),
        Identity.RSA_SERVER.chain().toString(), "h2,http/1.1")) {
      int port = ((Number) JsonLine.parse(node.awaitLine("\\{\"event\":\"listening\".*")).get("port")).intValue();
      assertEquals("h2", jtlsClientAlpn(port, List.of("foo", "http/1.1", "h2")));
      assertEquals("h2", JsonLine.parse(node.awaitLine("\\{\"event\":\"secureConnection\".*")).get("alpnProtocol"));
    }
  }

  @Test
  void aNodeClientGetsTheJtlsServersPreferredProtocol() throws Exception {
    CompletableFuture<String> serverSide = new CompletableFuture<>();
    int port = listen(new ServerOptions().alpnProtocols(List.of("h2", "http/1.1")), serverSide);
    try (PeerProcess node = nodePeer("client", String.valueOf(port), Identity.ROOT_CA.toString(), "foo,http/1.1,h2")) {
      assertEquals("h2", JsonLine.parse(node.awaitLine("\\{\"event\":\"secureConnect\".*")).get("alpnProtocol"));
      assertEquals("h2", await(serverSide));
    }
  }

  @Test
  void noProtocolInCommonFailsTheHandshakeOnBothEndsWithNodesCodes() throws Exception {
    CompletableFuture<TlsClientError> clientError = new CompletableFuture<>();
    int port = listen(new ServerOptions().alpnProtocols(List.of("h2")), new CompletableFuture<>());
    server.on(TlsServer.TLS_CLIENT_ERROR, clientError::complete);
    try (PeerProcess node = nodePeer("client", String.valueOf(port), Identity.ROOT_CA.toString(), "foo")) {
      assertEquals("ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL",
          JsonLine.parse(node.awaitLine("\\{\"event\":\"error\".*")).get("code"));
      assertEquals("ERR_SSL_NO_APPLICATION_PROTOCOL", ((NodeError) await(clientError).exception()).code());
    }
  }

  @Test
  void withoutAnAlpnExtensionBothEndsReportNull() {
    CompletableFuture<String> serverSide = new CompletableFuture<>();
    int port = listen(new ServerOptions().alpnProtocols(List.of("h2")), serverSide);
    assertNull(jtlsClientAlpn(port, null));
    assertNull(await(serverSide));
  }

  @Test
  void protocolListsTakeNodesFormsAndLimits() {
    byte[] wire = {2, 'h', '2', 8, 'h', 't', 't', 'p', '/', '1', '.', '1'};
    CompletableFuture<String> serverSide = new CompletableFuture<>();
    int port = listen(ServerOptions.fromMap(Map.of("ALPNProtocols", wire)), serverSide);
    assertEquals("http/1.1", jtlsClientAlpn(port, List.of("http/1.1")));
    assertEquals("http/1.1", await(serverSide));
    NodeError tooLong = assertThrows(NodeError.class, () -> new ConnectOptions().alpnProtocols(List.of("x".repeat(256))));
    assertEquals("ERR_OUT_OF_RANGE", tooLong.code());
    assertEquals("The byte length of the protocol at index 0 exceeds the maximum length. It must be <= 255. Received 256",
        tooLong.getMessage());
  }

  /**
   * Both ends name the same protocol. Which one is the server's choice: JSSE's server takes its own
   * order (as Node's and jtls's), GnuTLS's the client's unless told otherwise.
   */
  @ParameterizedTest
  @CsvSource({"JSSE, h2", "GNUTLS, http/1.1"})
  void aJtlsClientAndTheServerNameTheSameProtocol(ServerPeer.Kind kind, String expected) {
    try (ServerPeer peer = kind.start(new ServerSetup().alpnProtocols(List.of("h2", "http/1.1")), dir)) {
      assertEquals(expected, jtlsClientAlpn(peer.port(), List.of("foo", "http/1.1", "h2")));
      assertEquals(expected, ((ReportsAlpn) peer).alpnProtocol());
    }
  }

  @ParameterizedTest
  @EnumSource(value = ClientPeer.Kind.class, names = {"JSSE", "GNUTLS"})
  void theClientGetsTheJtlsServersPreferredProtocol(ClientPeer.Kind kind) {
    CompletableFuture<String> serverSide = new CompletableFuture<>();
    int port = listen(new ServerOptions().alpnProtocols(List.of("h2", "http/1.1")), serverSide);
    try (ClientPeer peer = kind.start(new ClientSetup().port(port).alpnProtocols(List.of("foo", "http/1.1", "h2")), dir)) {
      peer.awaitHandshake();
      assertEquals("h2", ((ReportsAlpn) peer).alpnProtocol());
      assertEquals("h2", await(serverSide));
    }
  }

  @Test
  void aJtlsClientWithNoProtocolInCommonWithAJsseServerGetsNodesCode() {
    try (JsseServerPeer jsse = JsseServerPeer.start(new ServerSetup().alpnProtocols(List.of("h2")))) {
      SocketRecorder client = SocketRecorder.connect(new ConnectOptions().host("127.0.0.1").port(jsse.port())
          .ca(Identity.ROOT_CA).alpnProtocols(List.of("foo")));
      Throwable error = await(client.error);
      assertEquals("ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL", ((NodeError) error).code(), error.getMessage());
      assertTrue(await(client.closed), "close(hadError)");
      String failure = jsse.awaitFailure();
      assertTrue(failure.contains("application"), failure);
    }
  }

  @ParameterizedTest
  @CsvSource({"JSSE, no_application_protocol", "GNUTLS, No supported application protocol"})
  void aClientWithNoProtocolInCommonIsRefusedWithNodesCode(ClientPeer.Kind kind, String clientReport) {
    CompletableFuture<TlsClientError> clientError = new CompletableFuture<>();
    int port = listen(new ServerOptions().alpnProtocols(List.of("h2")), new CompletableFuture<>());
    server.on(TlsServer.TLS_CLIENT_ERROR, clientError::complete);
    try (ClientPeer peer = kind.start(new ClientSetup().port(port).alpnProtocols(List.of("foo")), dir)) {
      String failure = peer.awaitFailure();
      assertTrue(failure.contains(clientReport), failure);
      assertEquals("ERR_SSL_NO_APPLICATION_PROTOCOL", ((NodeError) await(clientError).exception()).code());
    }
  }

  private int listen(ServerOptions options, CompletableFuture<String> alpnSeen) {
    server = Tls.createServer(options.key(Identity.RSA_SERVER.key()).cert(Identity.RSA_SERVER.chain()), socket -> {
      alpnSeen.complete(socket.alpnProtocol());
      socket.end();
    });
    CompletableFuture<Integer> port = new CompletableFuture<>();
    server.listen(0, "127.0.0.1", () -> port.complete(server.address().port()));
    return await(port);
  }

  private static String jtlsClientAlpn(int port, List<String> protocols) {
    CompletableFuture<String> alpn = new CompletableFuture<>();
    CompletableFuture<Boolean> closed = new CompletableFuture<>();
    ConnectOptions options = new ConnectOptions().host("127.0.0.1").port(port).servername("localhost")
        .ca(Identity.ROOT_CA);
    if (protocols != null) {
      options.alpnProtocols(protocols);
    }
    run(EventLoop.defaultLoop(), () -> {
      TlsSocket client = Tls.connect(options);
      client.on(TlsSocket.ERROR, alpn::completeExceptionally);
      client.on(TlsSocket.SECURE_CONNECT, () -> {
        alpn.complete(client.alpnProtocol());
        client.end();
      });
      client.on(TlsSocket.CLOSE, closed::complete);
      client.resume();
    });
    String result = await(alpn);
    await(closed);
    return result;
  }

  private PeerProcess nodePeer(String... args) throws Exception {
    Path script = Path.of(AlpnInteropTest.class.getResource("/node/alpn-peer.js").toURI());
    List<String> command = new ArrayList<>(List.of("node", script.toString()));
    command.addAll(List.of(args));
    return PeerProcess.start("node alpn-peer.js", dir, command);
  }
}

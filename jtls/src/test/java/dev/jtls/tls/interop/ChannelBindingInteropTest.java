package dev.jtls.tls.interop;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.call;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.net.EventLoop;
import dev.jtls.stream.Duplex;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * getFinished / getPeerFinished (tls-unique), exportKeyingMaterial and isSessionReused on a jtls
 * client agree with what a Node server computes for the same connection; exportKeyingMaterial also
 * with JSSE (both ways) and gnutls-serv.
 */
class ChannelBindingInteropTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
  void bothEndsDeriveTheSameChannelBindings(String version) throws Exception {
    try (PeerProcess node = PeerProcess.start("node channel-binding-server.js", dir, List.of("node",
        script().toString(), Identity.RSA_SERVER.key().toString(), Identity.RSA_SERVER.chain().toString(), version))) {
      int port = ((Number) JsonLine.parse(node.awaitLine("\\{\"event\":\"listening\".*")).get("port")).intValue();
      CompletableFuture<Map<String, String>> ours = new CompletableFuture<>();
      CompletableFuture<Boolean> closed = new CompletableFuture<>();
      TlsSocket client = call(EventLoop.defaultLoop(), () -> {
        TlsSocket c = Tls.connect(new ConnectOptions().host("127.0.0.1").port(port).servername("localhost")
            .ca(Identity.ROOT_CA));
        observe(c, ours, closed);
        return c;
      });
      Map<String, String> mine = await(ours);
      Map<String, Object> theirs = JsonLine.parse(node.awaitLine("\\{\"event\":\"secureConnection\".*"));
      assertEquals(theirs.get("peerFinished"), mine.get("finished"), "what the client sent is what the server expected");
      assertEquals(theirs.get("finished"), mine.get("peerFinished"));
      assertEquals(theirs.get("ekm"), mine.get("ekm"));
      assertEquals(theirs.get("ekmNoContext"), mine.get("ekmNoContext"));
      assertEquals("false", mine.get("sessionReused"));
      assertEquals(Boolean.FALSE, theirs.get("sessionReused"));
      assertFalse(await(closed));
      assertNull(client.getFinished(), "nothing after close");
    }
  }

  private static final String LABEL = "EXPERIMENTAL-jtls";
  private static final byte[] CONTEXT = "ctx".getBytes(StandardCharsets.UTF_8);

  /** JSSE has keying material exporters (JDK 25) but no Finished messages: those are compared with Node only. */
  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
  void aJtlsClientExportsTheKeyingMaterialAJsseServerExports(String version) {
    try (JsseServerPeer jsse = JsseServerPeer.start(new ServerSetup().maxVersion(version))) {
      SocketRecorder client = SocketRecorder.connect(new ConnectOptions().host("127.0.0.1").port(jsse.port())
          .ca(Identity.ROOT_CA));
      try {
        client.awaitSecure();
        jsse.awaitHandshake();
        assertArrayEquals(jsse.exportKeyingMaterial(LABEL, CONTEXT, 32),
            call(client.socket.loop(), () -> client.socket.exportKeyingMaterial(32, LABEL, CONTEXT)));
        assertArrayEquals(jsse.exportKeyingMaterial(LABEL, null, 16),
            call(client.socket.loop(), () -> client.socket.exportKeyingMaterial(16, LABEL)));
      } finally {
        client.destroy();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
  void aJtlsServerExportsTheKeyingMaterialAJsseClientExports(String version) {
    try (JtlsServerPeer server = JtlsServerPeer.start(new ServerSetup());
        JsseClientPeer jsse = JsseClientPeer.start(new ClientSetup().port(server.port()).maxVersion(version))) {
      assertEquals(version, jsse.awaitHandshake().protocol());
      TlsSocket socket = server.connection().socket;
      assertArrayEquals(jsse.exportKeyingMaterial(LABEL, CONTEXT, 32),
          call(socket.loop(), () -> socket.exportKeyingMaterial(32, LABEL, CONTEXT)));
      assertArrayEquals(jsse.exportKeyingMaterial(LABEL, null, 16), call(socket.loop(), () -> socket.exportKeyingMaterial(16, LABEL)));
    }
  }

  /** gnutls-serv exports with no context and prints the result with the session. */
  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
  void aJtlsClientExportsTheKeyingMaterialGnutlsServExports(String version) {
    try (GnutlsServerPeer gnutls = GnutlsServerPeer.start(new ServerSetup().maxVersion(version)
        .exportKeyingMaterial(LABEL, 16), dir)) {
      SocketRecorder client = SocketRecorder.connect(new ConnectOptions().host("127.0.0.1").port(gnutls.port())
          .ca(Identity.ROOT_CA));
      try {
        client.awaitSecure();
        assertEquals(version, gnutls.awaitHandshake().protocol());
        assertEquals(gnutls.keyingMaterial(),
            HexFormat.of().formatHex(call(client.socket.loop(), () -> client.socket.exportKeyingMaterial(16, LABEL))));
      } finally {
        client.destroy();
      }
    }
  }

  @Test
  void exportKeyingMaterialBeforeTheHandshakeAndBadArgumentsThrowNodesErrors() {
    CompletableFuture<NodeError[]> errors = new CompletableFuture<>();
    EventLoop.defaultLoop().execute(() -> {
      TlsSocket socket = Tls.connect(new ConnectOptions().host("127.0.0.1").port(9).ca(Identity.ROOT_CA));
      socket.on(TlsSocket.ERROR, e -> {});
      NodeError early = assertThrows(NodeError.class, () -> socket.exportKeyingMaterial(32, "label"));
      NodeError length = assertThrows(NodeError.class, () -> socket.exportKeyingMaterial(0, "label"));
      assertNull(socket.getFinished());
      assertFalse(socket.setMaxSendFragment(100), "below OpenSSL's 512");
      assertTrue(socket.setMaxSendFragment(4096));
      socket.destroy();
      errors.complete(new NodeError[] {early, length});
    });
    NodeError[] e = await(errors);
    assertEquals("ERR_TLS_INVALID_STATE", e[0].code());
    assertEquals("TLS socket connection must be securely established", e[0].getMessage());
    assertEquals("ERR_OUT_OF_RANGE", e[1].code());
  }

  private static Path script() throws Exception {
    return Path.of(ChannelBindingInteropTest.class.getResource("/node/channel-binding-server.js").toURI());
  }

  private static void observe(TlsSocket client, CompletableFuture<Map<String, String>> ours,
      CompletableFuture<Boolean> closed) {
    client.on(TlsSocket.SECURE_CONNECT, () -> {
      HexFormat hex = HexFormat.of();
      ours.complete(Map.of(
          "finished", hex.formatHex(client.getFinished()),
          "peerFinished", hex.formatHex(client.getPeerFinished()),
          "ekm", hex.formatHex(client.exportKeyingMaterial(32, "EXPERIMENTAL-jtls", "ctx".getBytes(StandardCharsets.UTF_8))),
          "ekmNoContext", hex.formatHex(client.exportKeyingMaterial(16, "EXPERIMENTAL-jtls")),
          "sessionReused", String.valueOf(client.isSessionReused())));
    });
    client.on(Duplex.CLOSE, closed::complete);
    client.resume();
  }
}

package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.internal.openssl.LiveNatives;
import dev.jtls.net.LoopTesting;
import dev.jtls.net.Net;
import dev.jtls.net.NetSocket;
import dev.jtls.net.SystemError;
import dev.jtls.testing.NoNativeLeaks;
import dev.jtls.testing.NodeScript;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Peers that are not TLS, or stop half-way, get Node's errors on the side facing them, the
 * connection is closed, and nothing hangs or leaks: the server keeps serving and every native
 * object is freed.
 */
@ExtendWith(NoNativeLeaks.class)
class HostileInputTest {
  /** First bytes a client might send a TLS server that are not a ClientHello. */
  enum Garbage {
    HTTP_REQUEST(() -> "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
    ZEROS(() -> new byte[64]),
    RANDOM_BYTES(() -> {
      byte[] b = new byte[512];
      new Random(7).nextBytes(b);
      return b;
    }),
    HANDSHAKE_RECORD_WITH_TRUNCATED_CLIENT_HELLO(() -> HexFormat.of().parseHex("16030100050100000100")),
    OVERSIZED_HANDSHAKE_RECORD(() -> {
      byte[] b = new byte[5 + 0x48ff];
      System.arraycopy(HexFormat.of().parseHex("16030148ff"), 0, b, 0, 5);
      return b;
    }),
    ALERT_BEFORE_CLIENT_HELLO(() -> HexFormat.of().parseHex("15030100020250")),
    APPLICATION_DATA_BEFORE_CLIENT_HELLO(() -> HexFormat.of().parseHex("17030300050102030405"));

    final Supplier<byte[]> bytes;

    Garbage(Supplier<byte[]> bytes) {
      this.bytes = bytes;
    }
  }

  /** Records a client slips under TLS, straight onto its TCP socket, once both ends are secure. */
  enum GarbageUnderTls {
    HTTP_REQUEST("474554202f20485454502f312e310d0a0d0a"),
    TAMPERED_APPLICATION_DATA("1703030005deadbeef00"),
    PLAINTEXT_ALERT("1503030002022f"),
    PLAINTEXT_HANDSHAKE_MESSAGE("16030300040b000000"),
    OVERSIZED_APPLICATION_DATA("1703034801" + "00".repeat(0x4801));

    final byte[] bytes;

    GarbageUnderTls(String hex) {
      this.bytes = HexFormat.of().parseHex(hex);
    }
  }

  private final LoopPeers peers = new LoopPeers();
  private final List<TlsClientError> clientErrors = new CopyOnWriteArrayList<>();
  private final CompletableFuture<TlsClientError> firstClientError = new CompletableFuture<>();

  @AfterEach
  void closePeers() {
    peers.close();
  }

  /** A TLS server recording its 'tlsClientError's; its secure connections answer "hello" and end. */
  private int listen(ServerOptions options) {
    return peers.listen(() -> {
      TlsServer server = Tls.createServer(options, socket -> {
        socket.on(TlsSocket.ERROR, e -> {});
        socket.end("hello");
      });
      server.on(TlsServer.TLS_CLIENT_ERROR, e -> {
        clientErrors.add(e);
        firstClientError.complete(e);
      });
      return server;
    });
  }

  private static ConnectOptions trustingClient(int port) {
    return new ConnectOptions().host("127.0.0.1").port(port).servername("localhost")
        .ca(LoopPeers.PKI.resolve("root-ca.pem"));
  }

  /** Sends {@code bytes} over plain TCP and returns everything the server answered before closing. */
  private static byte[] sendRaw(int port, byte[] bytes) throws IOException {
    try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), port)) {
      raw.setSoTimeout((int) LoopTesting.TIMEOUT_SECONDS * 1000);
      raw.getOutputStream().write(bytes);
      return readToEnd(raw.getInputStream());
    }
  }

  private static byte[] readToEnd(InputStream in) throws IOException {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    try {
      for (int n; (n = in.read(buffer)) != -1; ) {
        answer.write(buffer, 0, n);
      }
    } catch (SocketException reset) {
      // A reset also ends the answer.
    }
    return answer.toByteArray();
  }

  private void assertServerStillServes(int port) {
    LoopPeers.Client client = peers.connect(trustingClient(port));
    assertTrue(await(client.secureConnect).authorized());
    await(client.closed);
    assertEquals(List.of("secureConnect", "data", "end", "close"), client.events);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Garbage.class)
  void garbageIsATlsClientErrorWithNodesCodeAndAnswerAndTheServerKeepsServing(Garbage garbage) throws Exception {
    int port = listen(TlsHandshakeTest.rsaServer());
    byte[] bytes = garbage.bytes.get();
    byte[] answer = sendRaw(port, bytes);
    TlsClientError error = await(firstClientError);
    assertTrue(error.tlsSocket().destroyed(), "the socket is destroyed");

    List<String> node = NodeScript.run("tls-server-garbage.js", "",
        LoopPeers.PKI.resolve("server.key").toAbsolutePath().toString(),
        LoopPeers.PKI.resolve("server-chain.pem").toAbsolutePath().toString(), HexFormat.of().formatHex(bytes));
    String[] nodeVerdict = node.getFirst().split(" ");
    OpenSslError e = assertInstanceOf(OpenSslError.class, error.exception());
    assertEquals(nodeVerdict[0], e.code(), "Node's code for the same bytes");
    assertTrue(e.code().startsWith("ERR_SSL_"));
    assertEquals(nodeVerdict[1], answer.length == 0 ? "-" : HexFormat.of().formatHex(answer),
        "the server answers (an alert, or nothing) as Node's does");

    assertServerStillServes(port);
    assertEquals(1, clientErrors.size());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(GarbageUnderTls.class)
  void garbageUnderAnEstablishedConnectionFailsBothEndsWithNodesCodes(GarbageUnderTls garbage) throws Exception {
    CompletableFuture<Throwable> serverError = new CompletableFuture<>();
    int port = peers.listen(() -> Tls.createServer(TlsHandshakeTest.rsaServer(), socket -> {
      socket.on(TlsSocket.ERROR, serverError::complete);
      socket.resume();
      socket.write("ready");
    }));
    LoopPeers.Client client = peers.connect(trustingClient(port).socket(Net.connect(port, "127.0.0.1")), socket ->
        socket.once(TlsSocket.DATA, ready -> socket.socket().write(garbage.bytes)));
    OpenSslError server = assertInstanceOf(OpenSslError.class, await(serverError));
    OpenSslError clientError = assertInstanceOf(OpenSslError.class, client.failure());

    List<String> node = NodeScript.run("tls-garbage-after-handshake.js", "",
        LoopPeers.PKI.resolve("server.key").toAbsolutePath().toString(),
        LoopPeers.PKI.resolve("server-chain.pem").toAbsolutePath().toString(),
        LoopPeers.PKI.resolve("root-ca.pem").toAbsolutePath().toString(), HexFormat.of().formatHex(garbage.bytes));
    assertEquals(node.getFirst(), server.code() + " " + clientError.code(), "Node's codes, server then client");
  }

  @Test
  void tlsClientErrorSeesTheSocketAlreadyDestroyedAsInNode() throws Exception {
    CompletableFuture<Boolean> destroyedWhenEmitted = new CompletableFuture<>();
    int port = peers.listen(() -> {
      TlsServer server = Tls.createServer(TlsHandshakeTest.rsaServer());
      server.on(TlsServer.TLS_CLIENT_ERROR, e -> destroyedWhenEmitted.complete(e.tlsSocket().destroyed()));
      return server;
    });
    sendRaw(port, Garbage.ZEROS.bytes.get());
    assertTrue(await(destroyedWhenEmitted));
  }

  @Test
  void clientVanishingMidHandshakeIsASocketHangUp() throws Exception {
    int port = listen(TlsHandshakeTest.rsaServer());
    try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), port)) {
      // The first bytes of a ClientHello record that announces more than is sent.
      raw.getOutputStream().write(HexFormat.of().parseHex("16030100c8010000c40303"));
      raw.getOutputStream().flush();
    }
    TlsClientError error = await(firstClientError);
    NodeError e = assertInstanceOf(NodeError.class, error.exception());
    assertEquals("ECONNRESET", e.code());
    assertEquals("socket hang up", e.getMessage());
    assertServerStillServes(port);
  }

  @Test
  void handshakeTimeoutAbortsASilentClient() throws Exception {
    int port = listen(TlsHandshakeTest.rsaServer().handshakeTimeout(300));
    try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), port)) {
      raw.setSoTimeout((int) LoopTesting.TIMEOUT_SECONDS * 1000);
      // Node only reports the timeout and leaves the connection open; jtls also aborts it, as the spec says.
      assertEquals(0, readToEnd(raw.getInputStream()).length, "closed without an answer");
    }
    TlsClientError error = await(firstClientError);
    NodeError e = assertInstanceOf(NodeError.class, error.exception());
    assertEquals("ERR_TLS_HANDSHAKE_TIMEOUT", e.code());
    assertEquals("TLS handshake timeout", e.getMessage());
    assertTrue(error.tlsSocket().destroyed());
    assertServerStillServes(port);
    assertEquals(1, clientErrors.size(), "one 'tlsClientError' per connection");
  }

  private int plainServer(Consumer<NetSocket> onConnection) {
    return peers.listen(() -> Net.createServer(socket -> {
      socket.on(NetSocket.ERROR, e -> {});
      // Reads (and drops) what the client sends: as in Node, an unread socket never sees the client's EOF.
      socket.resume();
      onConnection.accept(socket);
    }));
  }

  @Test
  void serverClosingBeforeTheHandshakeIsEconnresetForTheClient() {
    for (Consumer<NetSocket> hangUp : List.<Consumer<NetSocket>>of(
        NetSocket::destroy, NetSocket::end)) {
      int port = plainServer(hangUp);
      LoopPeers.Client client = peers.connect(trustingClient(port));
      NodeError e = assertInstanceOf(NodeError.class, client.failure());
      assertEquals("ECONNRESET", e.code());
      assertEquals("Client network socket disconnected before secure TLS connection was established", e.getMessage());
      assertEquals(List.of("error", "close"), client.events);
    }
  }

  @Test
  void plainServerAnsweringGarbageIsWrongVersionNumberForTheClient() {
    int port = plainServer(socket -> socket.end("HTTP/1.1 400 Bad Request\r\n\r\n"));
    LoopPeers.Client client = peers.connect(trustingClient(port));
    OpenSslError e = assertInstanceOf(OpenSslError.class, client.failure());
    assertEquals("ERR_SSL_WRONG_VERSION_NUMBER", e.code());
    assertEquals("wrong version number", e.reason());
    assertEquals("SSL routines", e.library());
    assertEquals(List.of("error", "close"), client.events);
  }

  @Test
  void refusedConnectionIsEconnrefusedWithItsAddress() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    LoopPeers.Client client = peers.connect(trustingClient(port));
    SystemError e = assertInstanceOf(SystemError.class, client.failure());
    assertEquals("ECONNREFUSED", e.code());
    assertEquals(-111, e.errno());
    assertEquals("connect", e.syscall());
    assertEquals("127.0.0.1", e.address());
    assertEquals(port, e.port());
    assertEquals("connect ECONNREFUSED 127.0.0.1:" + port, e.getMessage());
    assertEquals(List.of("error", "close"), client.events);
  }

  @Test
  void connectionsDestroyedAtEveryStageFreeAllTheirNativeObjects() throws Exception {
    int port = listen(TlsHandshakeTest.rsaServer());
    Map<LiveNatives.Kind, Long> before = LiveNatives.snapshot();
    List<LoopPeers.Client> clients = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      int stage = i % 3;
      clients.add(peers.connect(trustingClient(port), socket -> {
        switch (stage) {
          case 0 -> socket.destroy();
          case 1 -> socket.once(TlsSocket.CONNECT, () -> socket.destroy());
          default -> socket.once(TlsSocket.SECURE_CONNECT, () -> socket.destroy());
        }
      }));
    }
    for (LoopPeers.Client client : clients) {
      await(client.closed);
    }
    assertServerStillServes(port);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!LiveNatives.snapshot().equals(before) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(before, LiveNatives.snapshot());
  }
}

package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.net.EventLoop;
import dev.jtls.stream.Duplex;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@code new TlsSocket(duplex, options)} and {@code tls.connect({socket})} over a Duplex that is not
 * a socket at all: TLS needs nothing of its transport but the stream contract.
 */
class TlsOverDuplexTest {
  private static final Path PKI = Path.of("src/test/resources/pki");

  @Test
  void twoTlsSocketsHandshakeAndTalkOverAnInMemoryPipe() {
    EventLoop loop = EventLoop.defaultLoop();
    List<String> events = new CopyOnWriteArrayList<>();
    CompletableFuture<String> serverGot = new CompletableFuture<>();
    CompletableFuture<String> clientGot = new CompletableFuture<>();
    CompletableFuture<Boolean> clientClosed = new CompletableFuture<>();
    CompletableFuture<Boolean> serverClosed = new CompletableFuture<>();
    CompletableFuture<String> protocolBefore = new CompletableFuture<>();
    loop.execute(() -> {
      CrossedDuplex[] pipe = CrossedDuplex.pair(loop);
      TlsSocket server = pipe[0].tlsServer();
      TlsSocket client = pipe[1].tlsClient();
      protocolBefore.complete(client.getProtocol());
      server.on(TlsSocket.SECURE, () -> events.add("server:secure"));
      server.on(TlsSocket.SECURE_CONNECT, () -> events.add("server:secureConnect"));
      server.on(Duplex.DATA, b -> {
        serverGot.complete(new String(b, StandardCharsets.UTF_8));
        server.end("world");
      });
      server.on(Duplex.CLOSE, serverClosed::complete);
      client.on(TlsSocket.SECURE_CONNECT, () -> {
        events.add("client:secureConnect authorized=" + client.authorized() + " " + client.getProtocol());
        client.write("hello");
      });
      client.on(Duplex.DATA, b -> clientGot.complete(new String(b, StandardCharsets.UTF_8)));
      client.on(Duplex.CLOSE, clientClosed::complete);
    });
    assertEquals("unknown", await(protocolBefore), "getProtocol() before the handshake");
    assertEquals("hello", await(serverGot));
    assertEquals("world", await(clientGot));
    assertFalse(await(clientClosed));
    assertFalse(await(serverClosed));
    assertTrue(events.contains("client:secureConnect authorized=true TLSv1.3"), events.toString());
    assertTrue(events.contains("server:secure"), events.toString());
    assertFalse(events.contains("server:secureConnect"), "new TLSSocket() never emits 'secureConnect'");
  }

  @Test
  void aServerTlsSocketWithoutACertificateFailsTheHandshakeWithNodesCode() {
    EventLoop loop = EventLoop.defaultLoop();
    CompletableFuture<Throwable> clientError = new CompletableFuture<>();
    CompletableFuture<Throwable> serverError = new CompletableFuture<>();
    loop.execute(() -> {
      CrossedDuplex[] pipe = CrossedDuplex.pair(loop);
      TlsSocket server = new TlsSocket(pipe[0], new TlsSocketOptions().isServer(true));
      server.on(TlsSocket.ERROR, serverError::complete);
      TlsSocket client = Tls.connect(new ConnectOptions().socket(pipe[1]).ca(PKI.resolve("root-ca.pem")));
      client.on(TlsSocket.ERROR, clientError::complete);
    });
    assertEquals("ERR_SSL_NO_SHARED_CIPHER", ((OpenSslError) await(serverError)).code());
    OpenSslError client = (OpenSslError) await(clientError);
    assertEquals("ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE", client.code(), "the alert the server sent");
    assertEquals("SSL routines", client.library());
  }
}

package dev.jtls.tls.interop;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.net.EventLoop;
import dev.jtls.net.LoopTesting;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NoNativeLeaks;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.PeerCertificate;
import dev.jtls.tls.RenegotiateOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Renegotiation with foreign peers: Node's limit against {@code openssl s_client} renegotiating
 * on command ('R'), a jtls server asking s_client and a node client for their certificates with
 * renegotiate(), and a jtls client renegotiating with s_server and a node server.
 */
@ExtendWith(NoNativeLeaks.class)
class RenegotiationControlInteropTest {
  @TempDir
  Path workDir;

  private TlsServer server;
  private AutoCloseable peer;
  private SocketRecorder client;

  @AfterEach
  void cleanUp() throws Exception {
    try {
      if (client != null) {
        client.destroy();
      }
      if (peer != null) {
        peer.close();
      }
    } finally {
      if (server != null) {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        server.loop().execute(() -> server.close(() -> closed.complete(null)));
        await(closed);
      }
    }
  }

  /** A TLSv1.2 jtls server; {@code onSecure} runs for each connection on the loop. */
  private int listen(ServerOptions options, Consumer<TlsSocket> onSecure) {
    CompletableFuture<Integer> port = new CompletableFuture<>();
    LoopTesting.run(EventLoop.defaultLoop(), () -> {
      server = Tls.createServer(options.key(Identity.RSA_SERVER.key()).cert(Identity.RSA_SERVER.chain())
          .maxVersion("TLSv1.2"), onSecure);
      server.listen(0, "127.0.0.1", () -> port.complete(server.address().port()));
    });
    return await(port);
  }

  private static String take(BlockingQueue<String> events) {
    try {
      String event = events.poll(LoopTesting.TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (event == null) {
        throw new AssertionError("no event from the server's socket");
      }
      return event;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * {@code openssl s_client} renegotiates on command ('R') once each earlier renegotiation completed
   * ('secure' on the server's socket, after which {@code onSecure} runs); the server accepts
   * {@code accepted} of them, and the next one is 'error' {@code code} and the connection drops.
   */
  private void sClientRenegotiatesUntilRefused(int accepted, Consumer<TlsSocket> onSecure, String code) {
    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    int port = listen(new ServerOptions(), socket -> {
      socket.on(TlsSocket.SECURE, () -> {
        events.add("secure");
        onSecure.accept(socket);
      });
      socket.on(Duplex.ERROR, e -> events.add("error " + ((NodeError) e).code()));
      socket.on(Duplex.CLOSE, hadError -> events.add("close"));
    });
    OpensslClientPeer sClient = OpensslClientPeer.start(new ClientSetup().port(port).servername("localhost")
        .maxVersion("TLSv1.2").commands(), workDir);
    peer = sClient;
    sClient.awaitHandshake();
    for (int i = 1; i <= accepted; i++) {
      sClient.send("R\n".getBytes(StandardCharsets.US_ASCII));
      assertEquals("secure", take(events), "renegotiation " + i);
    }
    sClient.send("R\n".getBytes(StandardCharsets.US_ASCII));
    assertEquals("error " + code, take(events));
    assertEquals("close", take(events));
    sClient.awaitFailure();
  }

  @Test
  void sClientRenegotiatingPastTheLimitIsASessionAttackAndIsDropped() {
    sClientRenegotiatesUntilRefused(Tls.CLIENT_RENEG_LIMIT(), socket -> {}, "ERR_TLS_SESSION_ATTACK");
  }

  @Test
  void sClientRenegotiatingAfterDisableRenegotiationIsRefused() {
    sClientRenegotiatesUntilRefused(1, TlsSocket::disableRenegotiation, "ERR_TLS_RENEGOTIATION_DISABLED");
  }

  /** The server's verdict on its client before and after renegotiate({requestCert: true}). */
  private CompletableFuture<String> listenAskingForTheCertificateLater(int[] port) {
    CompletableFuture<String> verdicts = new CompletableFuture<>();
    port[0] = listen(new ServerOptions().ca(Identity.ROOT_CA), socket -> {
      socket.on(Duplex.ERROR, verdicts::completeExceptionally);
      String before = verdict(socket);
      assertTrue(socket.renegotiate(new RenegotiateOptions().requestCert(true), err -> {
        if (err != null) {
          verdicts.completeExceptionally(err);
        } else {
          verdicts.complete(before + " / " + verdict(socket));
        }
      }));
    });
    return verdicts;
  }

  private static String verdict(TlsSocket socket) {
    PeerCertificate cert = socket.getPeerCertificate();
    return socket.authorized() + " " + (cert.isEmpty() ? "no certificate" : cert.subject().get("CN"));
  }

  @ParameterizedTest
  @EnumSource(ClientPeer.Kind.class)
  void aJtlsServerAsksTheClientForItsCertificateByRenegotiating(ClientPeer.Kind kind) {
    int[] port = new int[1];
    CompletableFuture<String> verdicts = listenAskingForTheCertificateLater(port);
    ClientPeer client = kind.start(new ClientSetup().port(port[0]).servername("localhost").maxVersion("TLSv1.2")
        .identity(Identity.RSA_CLIENT), workDir);
    peer = client;
    assertEquals("false no certificate / true jtls client", await(verdicts));
    client.end();
  }

  /** TLSv1.3 has no renegotiation: a jtls server's renegotiate() is refused at once, with node's error. */
  @ParameterizedTest
  @EnumSource(ClientPeer.Kind.class)
  void aJtlsServerCannotRenegotiateTls13(ClientPeer.Kind kind) {
    CompletableFuture<Throwable> refusal = new CompletableFuture<>();
    CompletableFuture<Boolean> started = new CompletableFuture<>();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    LoopTesting.run(EventLoop.defaultLoop(), () -> {
      server = Tls.createServer(new ServerOptions().key(Identity.RSA_SERVER.key()).cert(Identity.RSA_SERVER.chain()),
          socket -> {
            socket.on(Duplex.ERROR, e -> {}); // the peer's close may come as a reset
            started.complete(socket.renegotiate(new RenegotiateOptions(), refusal::complete));
          });
      server.listen(0, "127.0.0.1", () -> port.complete(server.address().port()));
    });
    ClientPeer client = kind.start(new ClientSetup().port(await(port)).servername("localhost"), workDir);
    peer = client;
    assertEquals(false, await(started));
    assertEquals("ERR_SSL_WRONG_SSL_VERSION", ((NodeError) await(refusal)).code());
    client.end();
  }

  /** A jtls client renegotiates with {@code server}; data still flows both ways after. */
  private void renegotiateWith(ServerPeer server) {
    client = SocketRecorder.connect(new ConnectOptions().host("127.0.0.1").port(server.port()).servername("localhost")
        .ca(Identity.ROOT_CA));
    client.awaitSecure();
    server.awaitHandshake();
    CompletableFuture<Throwable> renegotiated = new CompletableFuture<>();
    CompletableFuture<Boolean> started = new CompletableFuture<>();
    client.onLoop(s -> started.complete(s.renegotiate(new RenegotiateOptions(), renegotiated::complete)));
    assertTrue(await(started));
    assertEquals(null, await(renegotiated));
    byte[] fromClient = Payloads.random(32 * 1024, 7);
    client.onLoop(s -> s.write(fromClient));
    server.awaitReceived(fromClient);
    byte[] fromServer = Payloads.random(32 * 1024, 8);
    server.send(fromServer);
    client.awaitReceived(fromServer);
    assertEquals(2, client.events.stream().filter("secure"::equals).count(), client.events.toString());
  }

  @Test
  void aJtlsClientRenegotiatesWithSServer() {
    OpensslServerPeer sServer = OpensslServerPeer.start(new ServerSetup().maxVersion("TLSv1.2").clientRenegotiation(),
        workDir);
    peer = sServer;
    renegotiateWith(sServer);
    client.onLoop(s -> s.end());
    sServer.awaitClientEnd();
    sServer.awaitCompletedHandshakes(2);
  }

  /** OpenSSL 3's default: a server answers a client's renegotiation with a no_renegotiation alert. */
  @Test
  void sServerRefusingTheRenegotiationIsAnErrorOnTheJtlsClient() {
    OpensslServerPeer sServer = OpensslServerPeer.start(new ServerSetup().maxVersion("TLSv1.2"), workDir);
    peer = sServer;
    client = SocketRecorder.connect(new ConnectOptions().host("127.0.0.1").port(sServer.port()).servername("localhost")
        .ca(Identity.ROOT_CA));
    client.awaitSecure();
    sServer.awaitHandshake();
    client.onLoop(s -> s.renegotiate(new RenegotiateOptions(), err -> {
      throw new AssertionError("the refused renegotiation completed");
    }));
    assertEquals("ERR_SSL_NO_RENEGOTIATION", ((NodeError) await(client.error)).code());
    await(client.closed);
  }

  @Test
  void aJtlsClientRenegotiatesWithANodeServer() {
    NodeServerPeer node = NodeServerPeer.start(new ServerSetup().maxVersion("TLSv1.2"), workDir);
    peer = node;
    renegotiateWith(node);
  }
}

package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.net.EventLoop;
import dev.jtls.net.LoopTesting;
import dev.jtls.net.SystemError;
import dev.jtls.stream.Duplex;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The Java-side forms: {@code Tls.connectWithSetup}, {@code Tls.connectAsync},
 * {@code listenAsync} / {@code closeAsync} and the server as an AutoCloseable. Every test is driven
 * from the test thread (not the loop), which is where a listener added after the call could miss
 * an event.
 */
class AsyncApiTest {
  private static final Path PKI = LoopPeers.PKI;

  private static ServerOptions ecServer() {
    return new ServerOptions().key(PKI.resolve("server-ec.key")).cert(PKI.resolve("server-ec-chain.pem"));
  }

  private static TlsServer echoServer(ServerOptions options) {
    return Tls.createServer(options, socket -> {
      socket.on(Duplex.ERROR, e -> {});
      socket.pipe(socket);
    });
  }

  private static ConnectOptions client(int port) {
    return new ConnectOptions().host("127.0.0.1").port(port).servername("localhost").ca(PKI.resolve("root-ca.pem"));
  }

  /** The cause of a future's failure. */
  private static Throwable failureOf(CompletableFuture<?> future) {
    Throwable failure = await(future.handle((value, error) -> error));
    assertNotNull(failure, "the future failed");
    return failure instanceof CompletionException wrapped ? wrapped.getCause() : failure;
  }

  @Test
  void aSetupCallbackRunsOnTheLoopBeforeTheConnectionStartsAndSeesSecureConnect() {
    TlsServer server = echoServer(ecServer());
    await(server.listenAsync(0, "127.0.0.1"));
    try {
      List<String> seen = new CopyOnWriteArrayList<>();
      CompletableFuture<String> echoed = new CompletableFuture<>();
      CompletableFuture<Boolean> closed = new CompletableFuture<>();
      Tls.connectWithSetup(client(server.address().port()), s -> {
        seen.add("setup onLoop=" + s.loop().inLoop() + " pending=" + ((dev.jtls.net.NetSocket) s.socket()).pending());
        s.on(TlsSocket.CONNECT, () -> seen.add("connect"));
        s.on(TlsSocket.SECURE_CONNECT, () -> {
          seen.add("secureConnect authorized=" + s.authorized());
          s.write("ping");
        });
        s.on(Duplex.DATA, chunk -> {
          echoed.complete(new String(chunk, StandardCharsets.UTF_8));
          s.destroy();
        });
        s.on(Duplex.CLOSE, closed::complete);
      });
      assertEquals("ping", await(echoed));
      assertFalse(await(closed), "closed without an error");
      assertEquals(List.of("setup onLoop=true pending=true", "connect", "secureConnect authorized=true"), seen);
    } finally {
      await(server.closeAsync());
    }
  }

  @Test
  void aSetupCallbackCalledOnTheLoopHasRunWhenConnectReturns() {
    EventLoop loop = EventLoop.defaultLoop();
    CompletableFuture<Boolean> ranFirst = new CompletableFuture<>();
    loop.execute(() -> {
      boolean[] ran = {false};
      TlsSocket socket = Tls.connectWithSetup(client(1), s -> {
        ran[0] = true;
        s.on(Duplex.ERROR, e -> {});
      });
      ranFirst.complete(ran[0]);
      socket.destroy();
    });
    assertTrue(await(ranFirst));
  }

  @Test
  void aSetupCallbackThatThrowsDestroysTheSocketWithItsException() {
    IllegalStateException thrown = new IllegalStateException("setup failed");
    CompletableFuture<Throwable> error = new CompletableFuture<>();
    Tls.connectWithSetup(client(1), s -> {
      s.on(Duplex.ERROR, error::complete);
      throw thrown;
    });
    assertEquals(thrown, await(error));
  }

  @Test
  void connectAsyncCompletesAtSecureConnectWithTheSocket() {
    TlsServer server = echoServer(ecServer());
    await(server.listenAsync(0, "127.0.0.1"));
    try {
      CompletableFuture<String> echoed = new CompletableFuture<>();
      // chained on the loop, so surely before completion: from the test thread, a thread descheduled
      // until the handshake is done would chain after it and run the stage itself
      TlsSocket socket = await(LoopTesting.call(EventLoop.defaultLoop(), () -> Tls.connectAsync(client(server.address().port())).thenApply(s -> {
        assertTrue(s.loop().inLoop(), "a stage chained before completion runs inside 'secureConnect'");
        s.on(Duplex.DATA, chunk -> echoed.complete(new String(chunk, StandardCharsets.UTF_8)));
        s.write("hello");
        return s;
      })));
      assertTrue(socket.authorized());
      assertEquals("TLSv1.3", socket.getProtocol());
      assertEquals("hello", await(echoed));
      CompletableFuture<Void> closed = new CompletableFuture<>();
      socket.once(Duplex.CLOSE, hadError -> closed.complete(null));
      socket.destroy();
      await(closed);
    } finally {
      await(server.closeAsync());
    }
  }

  @Test
  void connectAsyncFailsWithEconnrefusedWhenNothingListens() {
    TlsServer probe = Tls.createServer(ecServer());
    await(probe.listenAsync(0, "127.0.0.1"));
    int port = probe.address().port();
    await(probe.closeAsync());
    SystemError e = assertInstanceOf(SystemError.class, failureOf(Tls.connectAsync(client(port))));
    assertEquals("ECONNREFUSED", e.code());
    assertEquals("connect", e.syscall());
    assertEquals(port, e.port());
  }

  @Test
  void connectAsyncFailsWithTheVerificationErrorOfABadCertificate() {
    TlsServer server = echoServer(new ServerOptions().key(PKI.resolve("self-signed.key")).cert(PKI.resolve("self-signed.pem")));
    await(server.listenAsync(0, "127.0.0.1"));
    try {
      NodeError e = assertInstanceOf(NodeError.class, failureOf(Tls.connectAsync(client(server.address().port()))));
      assertEquals("DEPTH_ZERO_SELF_SIGNED_CERT", e.code());
      NodeError altName = assertInstanceOf(NodeError.class,
          failureOf(Tls.connectAsync(client(server.address().port()).ca(PKI.resolve("self-signed.pem")).servername("elsewhere.example"))));
      assertEquals("ERR_TLS_CERT_ALTNAME_INVALID", altName.code());
    } finally {
      await(server.closeAsync());
    }
  }

  @Test
  void connectAsyncThrowsInvalidOptionsAtOnce() {
    NodeError e = assertThrows(NodeError.class, () -> Tls.connectAsync(new ConnectOptions()));
    assertEquals("ERR_MISSING_ARGS", e.code());
  }

  @Test
  void listenAsyncFailsWithEaddrinuseAndTheServerKeepsNoListener() {
    TlsServer first = Tls.createServer(ecServer());
    await(first.listenAsync(0, "127.0.0.1"));
    TlsServer second = Tls.createServer(ecServer());
    try {
      SystemError e = assertInstanceOf(SystemError.class,
          failureOf(second.listenAsync(first.address().port(), "127.0.0.1")));
      assertEquals("EADDRINUSE", e.code());
      assertEquals(0, second.listenerCount(TlsServer.ERROR), "the future's listener is gone once it settled");
      assertEquals(0, second.listenerCount(TlsServer.LISTENING));
      assertFalse(second.listening());
      second.close();
    } finally {
      await(first.closeAsync());
    }
  }

  @Test
  void listenAsyncFailsWithWhatListenThrows() {
    TlsServer server = Tls.createServer(ecServer());
    await(server.listenAsync(0, "127.0.0.1"));
    try {
      NodeError e = assertInstanceOf(NodeError.class, failureOf(server.listenAsync(0, "127.0.0.1")));
      assertEquals("ERR_SERVER_ALREADY_LISTEN", e.code());
    } finally {
      await(server.closeAsync());
    }
  }

  @Test
  void closeAsyncCompletesWhenClosedAndFailsWhenNotRunning() {
    TlsServer server = Tls.createServer(ecServer());
    await(server.listenAsync(0, "127.0.0.1"));
    assertNotNull(server.address());
    await(server.closeAsync());
    assertFalse(server.listening());
    NodeError e = assertInstanceOf(NodeError.class, failureOf(server.closeAsync()));
    assertEquals("ERR_SERVER_NOT_RUNNING", e.code());
    assertEquals("Server is not running.", e.getMessage());
  }

  @Test
  void aServerInTryWithResourcesStopsListeningWhenTheBlockEnds() {
    CompletableFuture<Void> closed = new CompletableFuture<>();
    try (TlsServer server = Tls.createServer(ecServer())) {
      server.once(TlsServer.CLOSE, () -> closed.complete(null));
      await(server.listenAsync(0, "127.0.0.1"));
    }
    await(closed);
  }
}

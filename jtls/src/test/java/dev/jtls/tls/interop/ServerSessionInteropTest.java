package dev.jtls.tls.interop;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.net.EventLoop;
import dev.jtls.stream.Duplex;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsClientError;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server's session cache by session ID through 'newSession' / 'resumeSession', with a store
 * that answers later from another thread, against openssl s_client and node clients (TLSv1.2:
 * TLSv1.3 resumes by ticket only).
 */
class ServerSessionInteropTest {
  private final EventLoop loop = EventLoop.defaultLoop();
  private final ExecutorService store = Executors.newSingleThreadExecutor();
  private final Map<String, byte[]> sessions = new ConcurrentHashMap<>();
  private final AtomicInteger newSessions = new AtomicInteger();
  private final AtomicInteger resumes = new AtomicInteger();
  private final List<TlsServer> servers = new ArrayList<>();

  @TempDir
  Path dir;

  @AfterEach
  void closeAll() {
    for (TlsServer server : servers) {
      CompletableFuture<Void> closed = new CompletableFuture<>();
      run(loop, () -> server.close(e -> closed.complete(null)));
      await(closed);
    }
    store.shutdownNow();
  }

  /** A server whose sessions live in an in-memory map, stored and looked up on another thread. */
  private int listen(Consumer<TlsServer> configure) {
    CompletableFuture<Integer> port = new CompletableFuture<>();
    run(loop, () -> {
      TlsServer server = Tls.createServer(new ServerOptions().key(Identity.RSA_SERVER.key())
          .cert(Identity.RSA_SERVER.chain()).maxVersion("TLSv1.2"), socket -> {
            socket.on(Duplex.ERROR, e -> {});
            socket.end("hello\n".getBytes(StandardCharsets.US_ASCII));
          });
      configure.accept(server);
      servers.add(server);
      server.listen(0, "127.0.0.1", () -> port.complete(server.address().port()));
    });
    return await(port);
  }

  private void asyncStore(TlsServer server) {
    server.on(TlsServer.NEW_SESSION, e -> {
      newSessions.incrementAndGet();
      store.execute(() -> {
        sessions.put(HexFormat.of().formatHex(e.sessionId()), e.sessionData());
        e.callback().run();
      });
    });
    server.on(TlsServer.RESUME_SESSION, e -> {
      resumes.incrementAndGet();
      store.execute(() -> e.callback().accept(null, sessions.get(HexFormat.of().formatHex(e.sessionId()))));
    });
  }

  private PeerProcess sClient(int port, String... extra) {
    List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
        "-servername", "localhost", "-CAfile", Identity.ROOT_CA.toString(), "-tls1_2"));
    command.addAll(List.of(extra));
    PeerProcess client = PeerProcess.start("openssl s_client", dir, command);
    client.closeStdin();
    return client;
  }

  private static List<String> handshakes(String output) {
    List<String> kinds = new ArrayList<>();
    Matcher m = Pattern.compile("^(New|Reused), TLSv1\\.2", Pattern.MULTILINE).matcher(output);
    while (m.find()) {
      kinds.add(m.group(1));
    }
    return kinds;
  }

  @Test
  void sessionSavedToFileResumesInAnotherClient() {
    int port = listen(this::asyncStore);
    Path saved = dir.resolve("session.pem");
    try (PeerProcess first = sClient(port, "-no_ticket", "-sess_out", saved.toString())) {
      assertEquals(0, first.awaitExit(), first.stderrText());
      assertEquals(List.of("New"), handshakes(first.stdoutText()));
    }
    try (PeerProcess second = sClient(port, "-no_ticket", "-sess_in", saved.toString())) {
      assertEquals(0, second.awaitExit(), second.stderrText());
      assertEquals(List.of("Reused"), handshakes(second.stdoutText()));
    }
  }

  @Test
  void resumeErrorDestroysTheConnection() {
    NodeError refused = new NodeError("ERR_TEST_STORE", "store refused");
    CompletableFuture<TlsClientError> clientError = new CompletableFuture<>();
    int port = listen(server -> {
      server.on(TlsServer.RESUME_SESSION, e -> store.execute(() -> e.callback().accept(refused, null)));
      server.on(TlsServer.TLS_CLIENT_ERROR, clientError::complete);
    });
    // A TLSv1.2 s_client resuming offers its session ID (from -sess_in); the store's error ends it.
    Path saved = dir.resolve("session.pem");
    try (PeerProcess first = sClient(port, "-no_ticket", "-sess_out", saved.toString())) {
      assertEquals(0, first.awaitExit(), first.stderrText());
    }
    try (PeerProcess second = sClient(port, "-no_ticket", "-sess_in", saved.toString())) {
      assertEquals(1, second.awaitExit(), "s_client's handshake failed");
      assertTrue(second.stdoutText().contains("SSL handshake has read 0 bytes"), second.stdoutText());
    }
    assertSame(refused, await(clientError).exception());
  }

  private static final String NODE_CLIENT = """
      const tls = require('tls'), fs = require('fs');
      const {SSL_OP_NO_TICKET} = require('crypto').constants;
      const [port, ca] = process.argv.slice(1);
      const options = {host: '127.0.0.1', port: +port, servername: 'localhost', ca: fs.readFileSync(ca),
        maxVersion: 'TLSv1.2', secureOptions: SSL_OP_NO_TICKET};
      const first = tls.connect(options, () => {
        options.session = first.getSession();
        first.on('close', () => {
          const second = tls.connect(options, () => { console.log('reused ' + second.isSessionReused()); });
          second.resume();
        });
        first.resume();
      });
      """;

  @Test
  void nodeClientResumes() {
    int port = listen(this::asyncStore);
    try (PeerProcess node = PeerProcess.start("node client", dir, List.of("node", "-e", NODE_CLIENT,
        String.valueOf(port), Identity.ROOT_CA.toString()))) {
      assertEquals("reused true", node.awaitLine("reused .*"));
      assertEquals(0, node.awaitExit(), node.stderrText());
    }
    assertEquals(1, newSessions.get());
    assertEquals(1, resumes.get());
  }

  /** Node's newSession contract: nothing is sent on the connection until the callback is called. */
  @Test
  void newSessionHoldsOutgoingDataUntilItsCallback() {
    CompletableFuture<Runnable> stored = new CompletableFuture<>();
    CompletableFuture<TlsSocket> secured = new CompletableFuture<>();
    int port = listen(server -> {
      server.on(TlsServer.NEW_SESSION, e -> stored.complete(e.callback()));
      server.on(TlsServer.SECURE_CONNECTION, secured::complete);
    });
    try (PeerProcess client = PeerProcess.start("openssl s_client", dir, List.of("openssl", "s_client",
        "-connect", "127.0.0.1:" + port, "-servername", "localhost", "-CAfile", Identity.ROOT_CA.toString(),
        "-tls1_2", "-no_ticket", "-ign_eof"))) {
      Runnable callback = await(stored);
      await(secured);
      client.awaitLine("New, TLSv1\\.2.*");
      assertFalse(client.stdoutText().contains("hello"), "the greeting waits for the newSession callback");
      callback.run();
      client.awaitLine("hello");
      client.closeStdin();
      assertEquals(0, client.awaitExit());
    }
  }

  @Test
  void reconnectResumesWithTheIdTheServerMade() {
    List<byte[]> offered = new java.util.concurrent.CopyOnWriteArrayList<>();
    int port = listen(server -> {
      asyncStore(server);
      server.on(TlsServer.RESUME_SESSION, e -> offered.add(e.sessionId()));
    });
    try (PeerProcess client = sClient(port, "-reconnect", "-no_ticket")) {
      assertEquals(0, client.awaitExit(), client.stderrText());
      assertEquals(List.of("New", "Reused", "Reused", "Reused", "Reused", "Reused"), handshakes(client.stdoutText()));
    }
    assertEquals(1, newSessions.get());
    assertEquals(5, offered.size());
    assertEquals(1, sessions.size());
    assertArrayEquals(HexFormat.of().parseHex(sessions.keySet().iterator().next()), offered.getFirst());
  }
}

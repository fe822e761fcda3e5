package dev.jtls.tls.interop;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.net.EventLoop;
import dev.jtls.stream.Duplex;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.CryptoConstants;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code SSL_OP_NO_TICKET} in a server's {@code secureOptions}, with a node v20 server as the
 * reference: the same clients (node, jtls, openssl s_client) connect twice, the second time with
 * the session the first gave, to a node server and to a jtls server, and must see the same.
 *
 * <p>What node does, and so jtls: under TLSv1.2 no ticket is sent (the session holds none) and
 * resumption by session ID works through 'newSession' / 'resumeSession'. Under TLSv1.3 OpenSSL
 * still sends two NewSessionTickets, but stateful ones (the ticket is a 32-byte session ID, and
 * 'newSession' fires for each); the client gets its 'session' events, yet no resumption happens,
 * with or without a store, because 'resumeSession' is asked with the ClientHello's legacy session
 * ID, not the ticket.
 */
class NoTicketInteropTest {
  private static final Path NODE_SCRIPTS = Path.of("src/test/resources/node").toAbsolutePath();

  @TempDir
  Path dir;

  /** What one server printed or recorded, and what one client printed, for one run of two connections. */
  private record Run(List<String> server, List<String> client) {}

  @ParameterizedTest
  @CsvSource({"TLSv1.2, none", "TLSv1.2, store", "TLSv1.3, none", "TLSv1.3, store"})
  void nodeAndJtlsClientsSeeOfAJtlsServerWhatTheySeeOfANodeServer(String version, String store) {
    Run reference = withNodeServer(version, store, this::nodeClient);
    Run nodeOnJtls = withJtlsServer(version, store, this::nodeClient);
    Run jtlsOnNode = withNodeServer(version, store, this::jtlsClient);
    Run jtlsOnJtls = withJtlsServer(version, store, this::jtlsClient);
    assertEquals(reference.client(), nodeOnJtls.client(), "node client, jtls server");
    assertEquals(reference.server(), nodeOnJtls.server(), "jtls server's session events, node client");
    assertEquals(reference.client(), jtlsOnNode.client(), "jtls client, node server");
    assertEquals(reference.client(), jtlsOnJtls.client(), "jtls client, jtls server");
    assertEquals(reference.server(), jtlsOnJtls.server(), "jtls server's session events, jtls client");
    if (version.equals("TLSv1.2")) {
      assertTrue(reference.client().contains("first session ticket=none"), "TLSv1.2: a session without a ticket");
      assertEquals(store.equals("store"), reference.client().contains("second secureConnect reused=true ticket=none"),
          "TLSv1.2 resumes by session ID when the server stores sessions");
    } else {
      assertTrue(reference.client().contains("second secureConnect reused=false ticket=none"),
          "TLSv1.3 with SSL_OP_NO_TICKET does not resume");
    }
  }

  /** openssl s_client saves the first session (-sess_out) and offers it again (-sess_in). */
  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void opensslClientSeesOfAJtlsServerWhatItSeesOfANodeServer(String version) {
    Run reference = withNodeServer(version, "store", this::opensslClient);
    Run jtls = withJtlsServer(version, "store", this::opensslClient);
    assertEquals(reference.client(), jtls.client(), "openssl s_client's view");
    assertEquals(reference.server(), jtls.server(), "the servers' session events");
    if (version.equals("TLSv1.2")) {
      assertEquals(List.of("New", "tickets 0", "no ticket in the session", "Reused"), jtls.client());
    } else {
      assertFalse(jtls.client().contains("Reused"), jtls.client().toString());
    }
  }

  // ---- servers: each runs one client program (given the port) and returns the run

  private Run withNodeServer(String version, String store, java.util.function.IntFunction<List<String>> client) {
    try (PeerProcess server = PeerProcess.start("node server", dir, List.of("node",
        NODE_SCRIPTS.resolve("no-ticket-server.js").toString(), Identity.PKI.toString(), version, store, "2"))) {
      int port = Integer.parseInt(server.awaitLine("listening \\d+").substring("listening ".length()));
      List<String> clientLines = client.apply(port);
      assertEquals(0, server.awaitExit(), server.stderrText());
      return new Run(server.stdoutText().lines().filter(l -> !l.startsWith("listening")).toList(), clientLines);
    }
  }

  /** The jtls counterpart of no-ticket-server.js, recording the same lines. */
  private Run withJtlsServer(String version, String store, java.util.function.IntFunction<List<String>> client) {
    EventLoop loop = EventLoop.defaultLoop();
    List<String> events = new CopyOnWriteArrayList<>();
    CompletableFuture<TlsServer> listening = new CompletableFuture<>();
    run(loop, () -> {
      TlsServer server = Tls.createServer(new ServerOptions().key(Identity.RSA_SERVER.key())
          .cert(Identity.RSA_SERVER.chain()).minVersion(version).maxVersion(version)
          .secureOptions(CryptoConstants.SSL_OP_NO_TICKET), socket -> {
            socket.on(Duplex.ERROR, e -> {});
            socket.end("hello\n".getBytes(StandardCharsets.US_ASCII));
          });
      if (store.equals("store")) {
        storeSessions(server, events::add);
      }
      server.listen(0, "127.0.0.1", () -> listening.complete(server));
    });
    TlsServer server = await(listening);
    try {
      List<String> clientLines = client.apply(server.address().port());
      return new Run(List.copyOf(events), clientLines);
    } finally {
      CompletableFuture<Void> closed = new CompletableFuture<>();
      run(loop, () -> server.close(e -> closed.complete(null)));
      await(closed);
    }
  }

  private static void storeSessions(TlsServer server, Consumer<String> log) {
    Map<String, byte[]> sessions = new ConcurrentHashMap<>();
    server.on(TlsServer.NEW_SESSION, e -> {
      log.accept("newSession " + e.sessionId().length);
      sessions.put(HexFormat.of().formatHex(e.sessionId()), e.sessionData());
      e.callback().run();
    });
    server.on(TlsServer.RESUME_SESSION, e -> {
      byte[] data = sessions.get(HexFormat.of().formatHex(e.sessionId()));
      log.accept("resumeSession " + e.sessionId().length + " found=" + (data != null));
      e.callback().accept(null, data);
    });
  }

  // ---- clients: connect twice to the port, print what they saw

  private List<String> nodeClient(int port) {
    try (PeerProcess client = PeerProcess.start("node client", dir, List.of("node",
        NODE_SCRIPTS.resolve("session-client.js").toString(), String.valueOf(port), Identity.ROOT_CA.toString()))) {
      assertEquals(0, client.awaitExit(), client.stderrText());
      return client.stdoutText().lines().toList();
    }
  }

  /** session-client.js in jtls: the same two connections, the same lines. */
  private List<String> jtlsClient(int port) {
    List<String> lines = new CopyOnWriteArrayList<>();
    byte[] first = connect(port, "first", null, lines);
    connect(port, "second", first, lines);
    return List.copyOf(lines);
  }

  /** One connection; returns the last session its 'session' events gave (null for none) once it closed. */
  private static byte[] connect(int port, String name, byte[] session, List<String> lines) {
    EventLoop loop = EventLoop.defaultLoop();
    CompletableFuture<byte[]> closed = new CompletableFuture<>();
    run(loop, () -> {
      byte[][] last = {null};
      ConnectOptions options = new ConnectOptions().host("127.0.0.1").port(port).servername("localhost")
          .ca(Identity.ROOT_CA);
      if (session != null) {
        options.session(session);
      }
      TlsSocket socket = Tls.connect(options);
      socket.on(TlsSocket.SECURE_CONNECT, () -> lines.add(name + " secureConnect reused=" + socket.isSessionReused()
          + " ticket=" + ticketLength(socket)));
      socket.on(TlsSocket.SESSION, bytes -> {
        last[0] = bytes;
        lines.add(name + " session ticket=" + ticketLength(socket));
      });
      socket.on(Duplex.ERROR, e -> lines.add(name + " error " + e));
      socket.on(Duplex.CLOSE, hadError -> closed.complete(last[0]));
      socket.resume();
    });
    return await(closed);
  }

  private static String ticketLength(TlsSocket socket) {
    byte[] ticket = socket.getTLSTicket();
    return ticket == null ? "none" : String.valueOf(ticket.length);
  }

  /**
   * Two s_client runs, the second offering the first's session: each one's New/Reused, and of the
   * first the number of post-handshake tickets and whether its session holds a ticket.
   */
  private List<String> opensslClient(int port) {
    Path saved = dir.resolve("session-" + port + ".pem");
    List<String> seen = new ArrayList<>();
    String first = sClient(port, "-sess_out", saved.toString());
    seen.addAll(handshakes(first));
    seen.add("tickets " + first.lines().filter(l -> l.contains("Post-Handshake New Session Ticket arrived")).count());
    seen.add(first.contains("TLS session ticket:") ? "a ticket in the session" : "no ticket in the session");
    seen.addAll(handshakes(sClient(port, "-sess_in", saved.toString())));
    return seen;
  }

  private String sClient(int port, String... extra) {
    List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
        "-servername", "localhost", "-CAfile", Identity.ROOT_CA.toString()));
    command.addAll(List.of(extra));
    try (PeerProcess client = PeerProcess.start("openssl s_client", dir, command)) {
      // the greeting comes after the handshake's tickets: only then may s_client stop
      client.awaitLine("hello");
      client.closeStdin();
      // not its exit status: it reports node's close without close_notify as a failure
      client.awaitExit();
      return client.stdoutText();
    }
  }

  private static List<String> handshakes(String output) {
    List<String> kinds = new ArrayList<>();
    Matcher m = Pattern.compile("^(New|Reused), TLSv1\\.[23]", Pattern.MULTILINE).matcher(output);
    while (m.find()) {
      kinds.add(m.group(1));
    }
    return kinds;
  }
}

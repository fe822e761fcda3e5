package dev.jtls.tls.interop;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.net.EventLoop;
import dev.jtls.stream.Duplex;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.Keylog;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Node's {@code 'keylog'} events: the lines are exactly the secrets a foreign peer logs for the
 * same connection (so Wireshark can decrypt the capture), newline-terminated like Node's.
 */
class KeylogInteropTest {
  private static final Set<String> TLS13_LABELS = Set.of("CLIENT_HANDSHAKE_TRAFFIC_SECRET",
      "SERVER_HANDSHAKE_TRAFFIC_SECRET", "CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0", "EXPORTER_SECRET");

  @TempDir
  Path dir;

  /** Not node (no key log file for a server), JSSE (it logs no secrets) nor jtls (compared with itself below). */
  @ParameterizedTest
  @EnumSource(value = ServerPeer.Kind.class, names = {"OPENSSL", "GNUTLS"})
  void clientKeylogLinesAreTheSecretsTheServerLogsForTheSameConnection(ServerPeer.Kind kind) throws Exception {
    Path logFile = dir.resolve("keys.log");
    try (ServerPeer server = kind.start(new ServerSetup().keylogFile(logFile), dir)) {
      List<String> lines = new CopyOnWriteArrayList<>();
      SocketRecorder client = SocketRecorder.connect(() -> {
        TlsSocket socket = Tls.connect(new ConnectOptions().host("127.0.0.1").port(server.port()).servername("localhost")
            .ca(Identity.ROOT_CA));
        socket.on(TlsSocket.KEYLOG, line -> lines.add(new String(line, StandardCharsets.US_ASCII)));
        return socket;
      });
      try {
        client.awaitSecure();
        server.awaitHandshake(); // both programs report the session once their secrets are logged
      } finally {
        client.destroy();
      }

      assertTrue(lines.stream().allMatch(l -> l.endsWith("\n")), "each line ends with a newline, as in Node");
      Set<String> ours = lines.stream().map(String::strip).collect(Collectors.toSet());
      Set<String> theirs = Files.readAllLines(logFile).stream()
          .filter(l -> !l.isBlank() && !l.startsWith("#")).map(String::strip).collect(Collectors.toSet());
      assertEquals(theirs, ours);
      assertEquals(TLS13_LABELS, ours.stream().map(l -> l.substring(0, l.indexOf(' '))).collect(Collectors.toSet()));
    }
  }

  @Test
  void serverKeylogCarriesTheSocketAndTheSameSecretsAsTheClientOverTls12() {
    CompletableFuture<Integer> listening = new CompletableFuture<>();
    List<Keylog> serverLines = new CopyOnWriteArrayList<>();
    List<String> clientLines = new CopyOnWriteArrayList<>();
    CompletableFuture<TlsSocket> secured = new CompletableFuture<>();
    TlsServer server = Tls.createServer(new ServerOptions().key(Identity.RSA_SERVER.key())
        .cert(Identity.RSA_SERVER.chain()).maxVersion("TLSv1.2"), socket -> {
          secured.complete(socket);
          socket.end();
        });
    server.on(TlsServer.KEYLOG, serverLines::add);
    server.listen(0, "127.0.0.1", () -> listening.complete(server.address().port()));
    try {
      CompletableFuture<Boolean> closed = new CompletableFuture<>();
      int port = await(listening);
      run(EventLoop.defaultLoop(), () -> {
        TlsSocket client = Tls.connect(new ConnectOptions().host("127.0.0.1").port(port)
            .servername("localhost").ca(Identity.ROOT_CA));
        client.on(TlsSocket.KEYLOG, line -> clientLines.add(new String(line, StandardCharsets.US_ASCII)));
        client.on(Duplex.CLOSE, closed::complete);
        client.resume();
      });
      TlsSocket serverSide = await(secured);
      await(closed);

      assertEquals(1, clientLines.size(), "TLSv1.2 logs one CLIENT_RANDOM line");
      assertTrue(clientLines.getFirst().startsWith("CLIENT_RANDOM "), clientLines.getFirst());
      assertEquals(1, serverLines.size());
      assertSame(serverSide, serverLines.getFirst().tlsSocket());
      assertEquals(clientLines.getFirst(), new String(serverLines.getFirst().line(), StandardCharsets.US_ASCII));
    } finally {
      CompletableFuture<Void> serverClosed = new CompletableFuture<>();
      server.close(() -> serverClosed.complete(null));
      await(serverClosed);
    }
  }
}

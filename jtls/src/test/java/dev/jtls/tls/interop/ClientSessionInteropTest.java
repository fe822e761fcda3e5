package dev.jtls.tls.interop;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.net.EventLoop;
import dev.jtls.net.Net;
import dev.jtls.stream.Duplex;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import dev.jtls.tls.TlsSocketOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The client's session machinery: 'session' events carry OpenSSL's DER form, which resumes the
 * next connection to the same server (jtls, openssl s_server, node), in TLSv1.2 and TLSv1.3, also
 * when the bytes come from another process; garbage or another server's session means a full
 * handshake, never a failure.
 */
class ClientSessionInteropTest {
  private final SessionPeers peers = new SessionPeers(EventLoop.defaultLoop());

  @TempDir
  Path dir;

  /** A first connection's session resumes the second; the resumed one reports it. */
  private void assertResumes(int port, String version) {
    SessionPeers.Outcome first = peers.connect(SessionPeers.client(port, version), true);
    assertFalse(first.reused());
    assertFalse(first.sessions().isEmpty());
    assertEquals("secureConnect", first.events().getFirst(), "'session' only after 'secureConnect'");
    assertNotNull(first.session());
    SessionPeers.Outcome second = peers.connect(SessionPeers.client(port, version).session(first.sessions().getLast()), false);
    assertTrue(second.reused(), version + " resumed with the 'session' bytes");
    assertNotNull(second.session());
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void resumesWithJtlsServer(String version) {
    TlsServer server = peers.listen(version);
    try {
      int port = server.address().port();
      assertResumes(port, version);
      SessionPeers.Outcome first = peers.connect(SessionPeers.client(port, version), true);
      assertFalse(first.tickets().isEmpty(), "the server issued a ticket");
      // getSession() at 'secureConnect' resumes as well (TLSv1.2: the handshake made it)
      if (version.equals("TLSv1.2")) {
        assertTrue(peers.connect(SessionPeers.client(port, version).session(first.session()), false).reused());
      }
    } finally {
      peers.close(server);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void resumesWithOpensslServer(String version) {
    List<String> command = new java.util.ArrayList<>(List.of("openssl", "s_server", "-accept", "127.0.0.1:0",
        "-cert", Identity.RSA_SERVER.leaf().toString(), "-key", Identity.RSA_SERVER.key().toString(),
        "-build_chain", "-CAfile", Identity.CA_BUNDLE.toString()));
    command.add(version.equals("TLSv1.2") ? "-no_tls1_3" : "-tls1_3");
    try (PeerProcess server = PeerProcess.start("openssl s_server", dir, command)) {
      String accept = server.awaitLine("ACCEPT.*");
      assertResumes(Integer.parseInt(accept.substring(accept.lastIndexOf(':') + 1)), version);
    }
  }

  /** An echo server: a TLSv1.3 node server that ends at 'secureConnection' sends no tickets (nor does Node's). */
  private static final String NODE_SERVER = """
      const tls = require('tls'), fs = require('fs');
      const [key, cert, version] = process.argv.slice(1);
      const server = tls.createServer({key: fs.readFileSync(key), cert: fs.readFileSync(cert), maxVersion: version},
        socket => { socket.on('error', () => {}); socket.pipe(socket); });
      server.listen(0, '127.0.0.1', () => console.log('PORT ' + server.address().port));
      process.stdin.on('end', () => server.close()); process.stdin.resume();
      """;

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void resumesWithNodeServer(String version) {
    try (PeerProcess server = PeerProcess.start("node server", dir, List.of("node", "-e", NODE_SERVER,
        Identity.RSA_SERVER.key().toString(), Identity.RSA_SERVER.chain().toString(), version))) {
      int port = Integer.parseInt(server.awaitLine("PORT \\d+").substring(5));
      assertResumes(port, version);
      server.closeStdin();
      assertEquals(0, server.awaitExit());
    }
  }

  private static final String NODE_CLIENT = """
      const tls = require('tls'), fs = require('fs');
      const [port, ca, version, file] = process.argv.slice(1);
      const socket = tls.connect({host: '127.0.0.1', port: +port, servername: 'localhost', ca: fs.readFileSync(ca),
        maxVersion: version});
      socket.once('session', session => { fs.writeFileSync(file, session.toString('hex')); socket.end(); });
      socket.resume();
      """;

  /** Node's session Buffer is the same DER: bytes another process saved resume a jtls client. */
  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void resumesWithSessionSavedByAnotherProcess(String version) throws Exception {
    TlsServer server = peers.listen(version);
    try {
      Path file = dir.resolve("session.hex");
      try (PeerProcess node = PeerProcess.start("node client", dir, List.of("node", "-e", NODE_CLIENT,
          String.valueOf(server.address().port()), Identity.ROOT_CA.toString(), version, file.toString()))) {
        assertEquals(0, node.awaitExit(), node.stderrText());
      }
      byte[] saved = HexFormat.of().parseHex(Files.readString(file).trim());
      assertTrue(peers.connect(SessionPeers.client(server.address().port(), version).session(saved), false).reused());
    } finally {
      peers.close(server);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void garbageOrForeignSessionMeansFullHandshake(String version) {
    TlsServer a = peers.listen(version);
    TlsServer b = peers.listen(version);
    try {
      SessionPeers.Outcome fromA = peers.connect(SessionPeers.client(a.address().port(), version), true);
      SessionPeers.Outcome onB = peers.connect(SessionPeers.client(b.address().port(), version).session(fromA.sessions().getLast()), true);
      assertFalse(onB.reused(), "another server's session");
      assertFalse(onB.sessions().isEmpty(), "the full handshake made a new session");
      SessionPeers.Outcome garbage = peers.connect(SessionPeers.client(a.address().port(), version).session(new byte[] {0x30, 3, 1, 2, 3}), false);
      assertFalse(garbage.reused());
      SessionPeers.Outcome empty = peers.connect(SessionPeers.client(a.address().port(), version).session(new byte[0]), false);
      assertFalse(empty.reused());
    } finally {
      peers.close(a);
      peers.close(b);
    }
  }

  @Test
  void noSessionEventsOnServersAndNoneWhenNothingNew() {
    List<byte[]> serverSessions = new CopyOnWriteArrayList<>();
    CompletableFuture<TlsServer> listening = new CompletableFuture<>();
    run(peers.loop(), () -> {
      TlsServer server = Tls.createServer(new ServerOptions().key(Identity.RSA_SERVER.key())
          .cert(Identity.RSA_SERVER.chain()).maxVersion("TLSv1.2"), socket -> {
            socket.on(TlsSocket.SESSION, serverSessions::add);
            socket.on(Duplex.ERROR, e -> {});
            socket.end();
          });
      server.listen(0, "127.0.0.1", () -> listening.complete(server));
    });
    TlsServer server = await(listening);
    try {
      SessionPeers.Outcome first = peers.connect(SessionPeers.client(server.address().port(), "TLSv1.2"), true);
      SessionPeers.Outcome resumed = peers.connect(SessionPeers.client(server.address().port(), "TLSv1.2").session(first.sessions().getLast()), false);
      assertTrue(resumed.reused());
      // TLSv1.2 resumption by session ticket renews nothing here: no new session, no event
      assertEquals(List.of("secureConnect"), resumed.events());
      assertTrue(serverSessions.isEmpty());
    } finally {
      peers.close(server);
    }
  }

  /** Node's {@code new TLSSocket(socket, {session})}: a wrapped transport resumes too. */
  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void newTlsSocketResumesWithTheSessionOption(String version) {
    TlsServer server = peers.listen(version);
    try {
      int port = server.address().port();
      byte[] session = peers.connect(SessionPeers.client(port, version), true).sessions().getLast();
      CompletableFuture<Boolean> reused = new CompletableFuture<>();
      CompletableFuture<Void> closed = new CompletableFuture<>();
      run(peers.loop(), () -> {
        TlsSocket socket = new TlsSocket(Net.connect(port, "127.0.0.1"), new TlsSocketOptions()
            .rejectUnauthorized(false).maxVersion(version).session(session));
        socket.on(TlsSocket.SECURE, () -> {
          reused.complete(socket.isSessionReused());
          socket.end();
        });
        socket.on(Duplex.ERROR, reused::completeExceptionally);
        socket.on(Duplex.CLOSE, hadError -> closed.complete(null));
        socket.resume();
      });
      assertTrue(await(reused));
      await(closed);
    } finally {
      peers.close(server);
    }
  }

  /** A session made during the handshake of a server that is then refused is never emitted. */
  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void noSessionFromARefusedServer(String version) {
    TlsServer server = peers.listen(version);
    try {
      List<byte[]> sessions = new CopyOnWriteArrayList<>();
      CompletableFuture<Throwable> failed = new CompletableFuture<>();
      CompletableFuture<Void> closed = new CompletableFuture<>();
      run(peers.loop(), () -> {
        // no ca: the test PKI's root is not trusted, so the server is refused after the handshake
        TlsSocket socket = Tls.connect(new ConnectOptions().host("127.0.0.1").port(server.address().port())
            .servername("localhost").maxVersion(version));
        socket.on(TlsSocket.SESSION, sessions::add);
        socket.on(Duplex.ERROR, failed::complete);
        socket.on(Duplex.CLOSE, hadError -> closed.complete(null));
      });
      assertEquals("UNABLE_TO_GET_ISSUER_CERT_LOCALLY", ((NodeError) await(failed)).code());
      await(closed);
      assertTrue(sessions.isEmpty());
    } finally {
      peers.close(server);
    }
  }

  @Test
  void sessionOptionMustBeBytes() {
    NodeError error = org.junit.jupiter.api.Assertions.assertThrows(NodeError.class,
        () -> ConnectOptions.fromMap(Map.of("session", "abc")));
    assertEquals("ERR_INVALID_ARG_TYPE", error.code());
    assertNull(ConnectOptions.fromMap(Map.of()).session());
  }
}

package dev.jtls.tls.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.net.EventLoop;
import dev.jtls.tls.TlsServer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ticket keys in Node's 48-byte layout: servers with the same keys (on two loops, or with an
 * openssl client carrying the ticket between them) resume each other's tickets; after a rotation
 * the previous keys still open tickets, renewing them, until the next rotation.
 */
class TicketKeysInteropTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir
  Path dir;

  private static byte[] randomKeys() {
    byte[] keys = new byte[48];
    RANDOM.nextBytes(keys);
    return keys;
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void serversOnTwoLoopsWithTheSameKeysResumeEachOthersTickets(String version) {
    EventLoop second = EventLoop.create("second");
    SessionPeers peersA = new SessionPeers(EventLoop.defaultLoop());
    SessionPeers peersB = new SessionPeers(second);
    byte[] keys = randomKeys();
    TlsServer a = peersA.listen(version, server -> server.setTicketKeys(keys));
    TlsServer b = peersB.listen(version, server -> server.setTicketKeys(keys));
    try {
      assertArrayEquals(keys, a.getTicketKeys());
      SessionPeers.Outcome fromA = peersA.connect(SessionPeers.client(a.address().port(), version), true);
      SessionPeers.Outcome onB = peersB.connect(
          SessionPeers.client(b.address().port(), version).session(fromA.sessions().getLast()), false);
      assertTrue(onB.reused(), "B opened A's ticket");
    } finally {
      peersA.close(a);
      peersB.close(b);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void previousKeysOpenTicketsUntilTheNextRotation(String version) {
    SessionPeers peers = new SessionPeers(EventLoop.defaultLoop());
    TlsServer server = peers.listen(version);
    try {
      int port = server.address().port();
      byte[] first = server.getTicketKeys();
      assertEquals(48, first.length);
      byte[] ticket = peers.connect(SessionPeers.client(port, version), true).sessions().getLast();
      server.setTicketKeys(randomKeys());
      assertFalse(java.util.Arrays.equals(first, server.getTicketKeys()));
      boolean tls13 = version.equals("TLSv1.3");
      // A TLSv1.2 resumption makes no new session on the client (no 'session' event), but the
      // session it resumed holds the renewed ticket; a TLSv1.3 one gets new tickets as events.
      SessionPeers.Outcome afterOne = peers.connect(SessionPeers.client(port, version).session(ticket), tls13);
      assertTrue(afterOne.reused(), "the previous keys still open the ticket");
      byte[] renewed = tls13 ? afterOne.sessions().getLast() : afterOne.session();
      assertFalse(java.util.Arrays.equals(ticket, renewed), "the ticket was renewed under the new keys");
      server.setTicketKeys(randomKeys());
      assertFalse(peers.connect(SessionPeers.client(port, version).session(ticket), true).reused(),
          "two rotations later the first keys are gone");
      assertTrue(peers.connect(SessionPeers.client(port, version).session(renewed), false).reused(),
          "the renewed ticket opens under the previous keys");
    } finally {
      peers.close(server);
    }
  }

  /** openssl s_client carries a ticket from one jtls server to another with the same keys. */
  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void opensslClientCarriesTheTicketBetweenServers(String version) {
    SessionPeers peers = new SessionPeers(EventLoop.defaultLoop());
    byte[] keys = randomKeys();
    TlsServer a = peers.listen(version, server -> server.setTicketKeys(keys));
    TlsServer b = peers.listen(version, server -> server.setTicketKeys(keys));
    Path saved = dir.resolve("session.pem");
    try {
      String flag = version.equals("TLSv1.2") ? "-tls1_2" : "-tls1_3";
      try (PeerProcess first = PeerProcess.start("openssl s_client", dir, command(a.address().port(), flag,
          "-sess_out", saved.toString()))) {
        // s_client saves the session when the ticket arrives; its stdin stays open until then
        first.awaitLine(version.equals("TLSv1.2") ? "New, TLSv1\\.2.*" : "Post-Handshake New Session Ticket arrived:");
        first.closeStdin();
        assertEquals(0, first.awaitExit(), first.stderrText());
        assertTrue(first.stdoutText().contains("New, TLSv1."), first.stdoutText());
      }
      try (PeerProcess second = sClient(b.address().port(), flag, "-sess_in", saved.toString())) {
        assertEquals(0, second.awaitExit(), second.stderrText());
        assertTrue(second.stdoutText().contains("Reused, TLSv1."), second.stdoutText());
      }
    } finally {
      peers.close(a);
      peers.close(b);
    }
  }

  private static List<String> command(int port, String... extra) {
    List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
        "-servername", "localhost", "-CAfile", Identity.ROOT_CA.toString()));
    command.addAll(List.of(extra));
    return command;
  }

  private PeerProcess sClient(int port, String... extra) {
    PeerProcess client = PeerProcess.start("openssl s_client", dir, command(port, extra));
    client.closeStdin();
    return client;
  }
}

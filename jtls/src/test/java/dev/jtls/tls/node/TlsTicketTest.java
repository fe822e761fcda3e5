package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Node's test-tls-ticket.js (TLSv1.3, the default) and test-tls-ticket-12.js (the same under
 * TLSv1.2): three servers with the same {@code ticketKeys} serve nine connections in turn
 * (0, 1, 2, 0, 1, 2, 0, 1, 2), every one offering the first session the client got. Round one:
 * the first connection makes the ticket, the other two servers resume it; each server then
 * rotates to random keys. Round two: each server sets the original keys back. Round three: the
 * original ticket resumes everywhere again.
 *
 * <p>Node balances one TCP listener over the three servers by emitting their 'connection'; here
 * each server listens itself and the client connects to them in the same order.
 *
 * <p>Where jtls differs from Node, and why: jtls keeps the keys a {@code setTicketKeys} replaced
 * and still opens tickets sealed under them, renewing them under the new keys (the grace period,
 * see TicketKeys). So in round two the original ticket still resumes ({@code isSessionReused()}
 * true) where Node makes a full handshake; what the test checks there holds for both, that round
 * two ends with a ticket other than the original. Counts that follow from this:
 * <ul>
 *   <li>Node's {@code onNewSession} runs 4 times (connections 0, 3, 4, 5). Under TLSv1.3 jtls
 *       also gets a 'session' on 3, 4 and 5 (the renewed ticket arrives as a NewSessionTicket),
 *       so 4 as well; under TLSv1.2 the renewed ticket comes inside the resumed handshake, for which
 *       OpenSSL's client calls no new-session callback, so only connection 0 gets one (1).</li>
 *   <li>Node logs one ticket per connection, at 'secureConnect' when reused or at the first
 *       'session' otherwise; a TLSv1.3 round-two connection here is both reused and gets a
 *       'session', so the log keeps, per connection, the ticket of its first 'session' if any,
 *       else the one at 'secureConnect': nine entries, as in Node.</li>
 * </ul>
 */
class TlsTicketTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
  void serversSharingTicketKeysResumeAcrossRotations(String version) {
    byte[] keys = randomKeys();
    List<Integer> serverLog = new ArrayList<>();
    List<String> ticketLog = new ArrayList<>();
    List<Boolean> reusedLog = new ArrayList<>();
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsSocket[] client = new TlsSocket[1];
      List<TlsServer> natural = new ArrayList<>();
      for (int id = 0; id < 3; id++) {
        natural.add(createServer(node, id, keys, version, serverLog, () -> client[0]));
      }
      int[] listening = {0};
      for (TlsServer server : natural) {
        server.listen(0, "127.0.0.1", () -> {
          if (++listening[0] == natural.size()) {
            start(node, natural, client, ticketLog, reusedLog, version.equals("TLSv1.3") ? 4 : 1,
                () -> natural.forEach(TlsServer::close));
          }
        });
      }
    });
    assertEquals(9, serverLog.size());
    assertEquals(serverLog.size(), ticketLog.size());
    for (int i = 0; i < 2; i++) {
      assertNotEquals(serverLog.get(i), serverLog.get(i + 1));
      assertEquals(ticketLog.get(i), ticketLog.get(i + 1));
      // 2nd connection should have different ticket
      assertNotEquals(ticketLog.get(i), ticketLog.get(i + 3));
      // 3rd connection should have the same ticket
      assertEquals(ticketLog.get(i), ticketLog.get(i + 6));
    }
    assertFalse(reusedLog.get(0));
    // jtls's grace period: round two resumes too (Node: false, false, false there)
    assertEquals(List.of(true, true, true, true, true, true, true, true), reusedLog.subList(1, 9));
  }

  private static TlsServer createServer(NodeRun node, int id, byte[] keys, String version, List<Integer> serverLog,
      java.util.function.Supplier<TlsSocket> client) {
    int[] counter = {0};
    byte[][] previousKey = {null};
    TlsServer[] server = new TlsServer[1];
    server[0] = Tls.createServer(new ServerOptions().key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem"))
        .ticketKeys(keys).maxVersion(version).loop(node.loop()), c -> {
          serverLog.add(id);
          c.end("x");
          counter[0]++;
          // As Node's: rotate once the client got the ticket sealed under the current keys
          // (at once when the session was reused: the keys opened it already).
          Consumer<byte[]> setTicketKeys = newKeys -> {
            if (c.isSessionReused()) {
              server[0].setTicketKeys(newKeys);
            } else {
              client.get().once(TlsSocket.SESSION, session -> server[0].setTicketKeys(newKeys));
            }
          };
          if (counter[0] == 1) {
            previousKey[0] = server[0].getTicketKeys();
            assertArrayEquals(keys, previousKey[0]);
            setTicketKeys.accept(randomKeys());
          } else if (counter[0] == 2) {
            setTicketKeys.accept(previousKey[0]);
          } else if (counter[0] != 3) {
            throw new AssertionError("UNREACHABLE");
          }
        });
    return server[0];
  }

  private static void start(NodeRun node, List<TlsServer> natural, TlsSocket[] client, List<String> ticketLog,
      List<Boolean> reusedLog, int newSessions, Runnable callback) {
    byte[][] sess = {null};
    int[] left = {natural.size() * 3};
    // the event's session and getSession() at that moment, as Node compares them
    Consumer<byte[][]> onNewSession = node.mustCall(newSessions, pair -> {
      assertNotNull(pair[0]);
      assertArrayEquals(pair[0], pair[1]);
    });
    Runnable[] connect = new Runnable[1];
    connect[0] = () -> {
      int index = natural.size() * 3 - left[0];
      TlsServer target = natural.get(index % natural.size());
      ConnectOptions options = new ConnectOptions().port(target.address().port()).host("127.0.0.1")
          .rejectUnauthorized(false).loop(node.loop());
      if (sess[0] != null) {
        options.session(sess[0]);
      }
      TlsSocket s = Tls.connect(options);
      client[0] = s;
      String[] ticket = {null};
      s.on(TlsSocket.SECURE_CONNECT, () -> {
        reusedLog.add(s.isSessionReused());
        if (s.isSessionReused()) {
          ticket[0] = hex(s.getTLSTicket());
        }
      });
      s.on(Duplex.DATA, data -> s.end());
      s.on(Duplex.CLOSE, hadError -> {
        ticketLog.add(ticket[0]);
        if (--left[0] == 0) {
          callback.run();
        } else {
          connect[0].run();
        }
      });
      s.on(TlsSocket.SESSION, session -> {
        if (sess[0] == null) {
          sess[0] = session;
        }
      });
      s.once(TlsSocket.SESSION, session -> {
        onNewSession.accept(new byte[][] {session, s.getSession()});
        ticket[0] = hex(s.getTLSTicket());
      });
    };
    connect[0].run();
  }

  private static String hex(byte[] ticket) {
    return ticket == null ? null : HexFormat.of().formatHex(ticket);
  }

  private static byte[] randomKeys() {
    byte[] keys = new byte[48];
    RANDOM.nextBytes(keys);
    return keys;
  }
}

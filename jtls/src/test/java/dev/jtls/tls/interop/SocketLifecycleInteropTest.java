package dev.jtls.tls.interop;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.net.LoopTesting;
import dev.jtls.testing.NoNativeLeaks;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.TlsSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The socket lifecycle against foreign peers (issue 5): close races are not errors, a KeyUpdate
 * arriving after end() is answered quietly, and a jtls server fed junk leaves its peer with what a
 * Node server leaves it. Races are run many times; what is asserted holds whichever way each goes.
 */
@ExtendWith(NoNativeLeaks.class)
class SocketLifecycleInteropTest {
  private static final int RACES = 20;
  private static final byte[] AFTER_END = "sent after the other end's end()\n".getBytes(StandardCharsets.US_ASCII);

  @TempDir
  Path workDir;

  /** Everything a test started, closed after it in reverse order whatever happened. */
  private final List<AutoCloseable> started = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    Exception first = null;
    for (AutoCloseable c : started.reversed()) {
      try {
        c.close();
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private <T extends AutoCloseable> T started(T peer) {
    started.add(peer);
    return peer;
  }

  private SocketRecorder connect(int port) {
    SocketRecorder client = SocketRecorder.connect(new ConnectOptions().host("127.0.0.1").port(port).ca(Identity.ROOT_CA));
    started.add(client::destroy);
    client.awaitSecure();
    return client;
  }

  private static void assertClosedCleanly(SocketRecorder socket) {
    assertFalse(await(socket.closed), "close without error: " + socket.events);
    assertTrue(socket.events.containsAll(List.of("end", "close")), socket.events.toString());
    assertFalse(socket.events.stream().anyMatch(e -> e.startsWith("error")), socket.events.toString());
  }

  /**
   * (a) The client sends close_notify and closes its socket at once, so the server's own
   * close_notify may meet a closed socket; Node's server socket sees 'end' and 'close', never
   * EPIPE (0 of 20; see the next test). s_client and JSSE's close() close at once by themselves,
   * the Node client destroys its socket on 'finish'; gnutls-cli waits for the server's answer, so
   * it is killed as soon as the server has read its close_notify.
   */
  @ParameterizedTest
  @EnumSource(value = ClientPeer.Kind.class, names = "OPENSSL")
  void aClientThatSendsCloseNotifyAndClosesAtOnceNeverGivesTheServerAnError(ClientPeer.Kind kind) {
    assertEquals(List.of(), closeRacesWithAnError(kind, this::jtlsServerSide));
  }

  /**
   * As above; fails on a jtls defect: observed 'error' EPIPE (node, JSSE clients) or ECONNRESET
   * (gnutls-cli) on 0 to 20 of 20 server sockets, varying from run to run; expected 0 (Node's server: 0).
   */
  @Tag("node-pending")
  @ParameterizedTest
  @EnumSource(value = ClientPeer.Kind.class, names = {"NODE", "JSSE", "GNUTLS"})
  void aClientThatSendsCloseNotifyAndClosesAtOnceNeverGivesTheServerAnErrorPending(ClientPeer.Kind kind) {
    assertEquals(List.of(), closeRacesWithAnError(kind, this::jtlsServerSide));
  }

  /** The reference: the same clients give a Node server's sockets no error. */
  @ParameterizedTest
  @EnumSource(ClientPeer.Kind.class)
  void aClientThatSendsCloseNotifyAndClosesAtOnceGivesANodeServerNoError(ClientPeer.Kind kind) {
    assertEquals(List.of(), closeRacesWithAnError(kind, this::nodeServerSide));
  }

  /** A server of the close races, and its socket's events once it has seen the client's end. */
  private interface ServerSide extends AutoCloseable {
    int port();

    void awaitEnd();

    /** The events of the server's socket, once it has closed ("end", "close", "error:CODE"...). */
    List<String> eventsAfterClose();

    @Override
    void close();
  }

  private ServerSide jtlsServerSide() {
    JtlsServerPeer server = JtlsServerPeer.start(new ServerSetup());
    return new ServerSide() {
      public int port() {
        return server.port();
      }

      public void awaitEnd() {
        await(server.connection().ended);
      }

      public List<String> eventsAfterClose() {
        await(server.connection().closed);
        return server.connection().events;
      }

      public void close() {
        server.close();
      }
    };
  }

  private ServerSide nodeServerSide() {
    NodeServerPeer server = NodeServerPeer.start(new ServerSetup(), workDir);
    return new ServerSide() {
      public int port() {
        return server.port();
      }

      public void awaitEnd() {
        server.awaitEvent("end");
      }

      public List<String> eventsAfterClose() {
        boolean hadError = Boolean.TRUE.equals(server.awaitEvent("close").get("hadError"));
        return server.eventNames().stream().filter(e -> e.equals("end") || e.equals("error"))
            .collect(java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(), l -> {
              l.add(hadError ? "close(hadError)" : "close");
              return l;
            }));
      }

      public void close() {
        server.close();
      }
    };
  }

  /** Runs {@link #RACES} connections whose client closes at once; returns the server sockets' events that show an error or no end. */
  private List<String> closeRacesWithAnError(ClientPeer.Kind kind, Supplier<ServerSide> servers) {
    List<String> withError = new ArrayList<>();
    for (int i = 0; i < RACES; i++) {
      try (ServerSide server = servers.get();
          ClientPeer client = kind.start(new ClientSetup().port(server.port()).closeAtOnce(), workDir)) {
        client.awaitHandshake();
        client.end();
        if (kind == ClientPeer.Kind.GNUTLS) {
          server.awaitEnd();
          client.close();
        }
        List<String> events = server.eventsAfterClose();
        if (!events.containsAll(List.of("end", "close")) || events.stream().anyMatch(e -> e.startsWith("error"))) {
          withError.add(events.toString());
        }
      }
    }
    return withError;
  }

  /**
   * (b) jtls's client calls end(), then the server's KeyUpdate (requesting one in return) comes:
   * answering it must not become ERR_STREAM_WRITE_AFTER_END. JSSE orders it exactly (it sends the
   * update without reading, so before it has seen jtls's close_notify: JSSE refuses a KeyUpdate
   * after reading one); s_server's 'K' crosses end() in flight.
   * Not node (Node has no API to send a KeyUpdate) nor gnutls-serv (no command to send one).
   */
  @Test
  void aKeyUpdateFromAJsseServerAfterTheClientsEndIsAnsweredQuietly() {
    JsseServerPeer server = started(JsseServerPeer.startHoldingReads(new ServerSetup()));
    SocketRecorder client = connect(server.port());
    assertEquals("TLSv1.3", server.awaitHandshake().protocol());
    client.onLoop(TlsSocket::end);
    server.startHandshake();
    server.send(AFTER_END);
    server.releaseReads();
    client.awaitReceived(AFTER_END);
    server.awaitClientEnd();
    assertClosedCleanly(client);
  }

  @Test
  void aKeyUpdateFromOpensslServerCrossingTheClientsEndIsAnsweredQuietly() {
    for (int i = 0; i < RACES; i++) {
      try (OpensslServerPeer server = OpensslServerPeer.start(new ServerSetup(), workDir)) {
        SocketRecorder client = connect(server.port());
        server.awaitHandshake();
        server.command('K');
        client.onLoop(TlsSocket::end);
        server.awaitClientEnd();
        assertClosedCleanly(client);
      }
    }
  }

  /**
   * (b) The other way: jtls's server calls end(), then the client's KeyUpdate comes; the client
   * then writes and ends, and the half-open server must read it all. JSSE orders it exactly;
   * gnutls-cli's "^rekey1^" and s_client's 'K' cross end() in flight (and may find the connection
   * already closed by the server's close_notify, when they write nothing more). Not node (no API).
   */
  @Test
  void aKeyUpdateFromAJsseClientAfterTheServersEndIsAnsweredQuietly() {
    JtlsServerPeer server = started(JtlsServerPeer.start(new ServerSetup()));
    JsseClientPeer client = started(JsseClientPeer.startHoldingReads(new ClientSetup().port(server.port())));
    assertEquals("TLSv1.3", client.awaitHandshake().protocol());
    SocketRecorder socket = server.connection();
    socket.onLoop(TlsSocket::end);
    client.startHandshake();
    client.send(AFTER_END);
    client.releaseReads();
    socket.awaitReceived(AFTER_END);
    client.awaitEof();
    client.closeSocket();
    assertClosedCleanly(socket);
  }

  @ParameterizedTest
  @EnumSource(value = ClientPeer.Kind.class, names = {"OPENSSL", "GNUTLS"})
  void aKeyUpdateFromAClientCrossingTheServersEndIsAnsweredQuietly(ClientPeer.Kind kind) {
    for (int i = 0; i < RACES; i++) {
      try (JtlsServerPeer server = JtlsServerPeer.start(new ServerSetup());
          ClientPeer client = kind.start(new ClientSetup().port(server.port()).commands(), workDir)) {
        client.awaitHandshake();
        SocketRecorder socket = server.connection();
        if (client instanceof OpensslClientPeer openssl) {
          openssl.command('K');
        } else {
          ((GnutlsClientPeer) client).keyUpdate();
        }
        socket.onLoop(TlsSocket::end);
        // The client exits on the server's close_notify, with or without one of its own: 'end' either way.
        await(socket.closed);
        assertFalse(socket.events.stream().anyMatch(e -> e.startsWith("error")), socket.events.toString());
      }
    }
  }

  /**
   * (d) A client sends junk instead of a ClientHello: what its socket then reads (bytes, and how
   * the stream ends) from a jtls server is what it reads from a Node server.
   */
  @ParameterizedTest
  @ValueSource(strings = {"http", "bad-record", "64KiB"})
  void afterAJunkClientHelloThePeerSeesWhatANodeServerGivesIt(String junkKind) {
    byte[] junk = switch (junkKind) {
      case "http" -> "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      case "bad-record" -> HexFormat.of().parseHex("1603010010" + "ab".repeat(16));
      default -> Payloads.random(64 * 1024, 7);
    };
    String fromNode;
    try (NodeServerPeer node = NodeServerPeer.start(new ServerSetup(), workDir)) {
      fromNode = rawExchange(node.port(), junk);
    }
    try (JtlsServerPeer jtls = JtlsServerPeer.start(new ServerSetup())) {
      assertEquals(fromNode, rawExchange(jtls.port(), junk));
    }
  }

  /** Writes {@code junk} on a plain TCP socket, then reads until the end: the bytes read (hex) and how it ended. */
  private static String rawExchange(int port, byte[] junk) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout((int) (LoopTesting.TIMEOUT_SECONDS * 1000));
      StringBuilder seen = new StringBuilder();
      try {
        socket.getOutputStream().write(junk);
      } catch (SocketException e) {
        seen.append("write failed: ").append(e.getMessage()).append("; ");
      }
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[4096];
      try {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          seen.append(HexFormat.of().formatHex(buffer, 0, n));
        }
        return seen.append(" then EOF").toString();
      } catch (SocketException e) {
        return seen.append(" then ").append(e.getMessage()).toString();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

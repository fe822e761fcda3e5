package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.call;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.net.EventLoop;
import dev.jtls.net.Net;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Node's rule for 'newSession' and 'resumeSession': the listeners a server has when it accepts a
 * connection decide for that connection's whole life. A connection accepted before a listener was
 * added (its handshake made only afterwards) neither emits the event nor uses the store; one
 * accepted afterwards does. Node's tls.Server wraps an accepted socket in its own 'connection'
 * listener, registered before any of the user's, so a listener added from a user's 'connection'
 * listener does not count for that connection either (node v20 checked: the listener added during
 * the first 'connection' first fires for the second connection).
 *
 * <p>TLSv1.2 with clients that refuse tickets, so sessions resume by ID only, through the store.
 */
class SessionListenersAddedLaterTest {
  private static final Path PKI = Path.of("src/test/resources/pki");

  private final EventLoop loop = EventLoop.defaultLoop();
  private final Map<String, byte[]> store = new ConcurrentHashMap<>();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private TlsServer server;

  @AfterEach
  void closeServer() {
    CompletableFuture<Void> closed = new CompletableFuture<>();
    run(loop, () -> server.close(e -> closed.complete(null)));
    await(closed);
  }

  private int listen() {
    CompletableFuture<Integer> port = new CompletableFuture<>();
    run(loop, () -> {
      server = Tls.createServer(new ServerOptions().key(PKI.resolve("server.key")).cert(PKI.resolve("server-chain.pem"))
          .maxVersion("TLSv1.2"), socket -> {
            socket.on(Duplex.ERROR, e -> {});
            socket.end("hi".getBytes(StandardCharsets.US_ASCII));
          });
      server.listen(0, "127.0.0.1", () -> port.complete(server.address().port()));
    });
    return await(port);
  }

  private void addNewSession() {
    server.on(TlsServer.NEW_SESSION, e -> {
      events.add("newSession");
      store.put(HexFormat.of().formatHex(e.sessionId()), e.sessionData());
      e.callback().run();
    });
  }

  private void addResumeSession() {
    server.on(TlsServer.RESUME_SESSION, e -> {
      events.add("resumeSession");
      e.callback().accept(null, store.get(HexFormat.of().formatHex(e.sessionId())));
    });
  }

  /** A TCP connection the server has accepted (its 'connection' was emitted) and that has sent nothing yet. */
  private NetSocket acceptedRaw(int port) {
    CompletableFuture<Void> accepted = new CompletableFuture<>();
    NetSocket raw = call(loop, () -> {
      server.once(NetServer.CONNECTION, socket -> accepted.complete(null));
      return Net.connect(port, "127.0.0.1");
    });
    await(accepted);
    return raw;
  }

  /** What a client connection saw: whether it resumed, and the session its 'session' event gave. */
  private record Outcome(boolean reused, byte[] session) {}

  /** A TLS client over {@code raw} (or a new connection when null), offering {@code session}; waits for 'close'. */
  private Outcome connect(int port, Duplex raw, byte[] session) {
    CompletableFuture<Boolean> reused = new CompletableFuture<>();
    CompletableFuture<Void> closed = new CompletableFuture<>();
    byte[][] last = {null};
    run(loop, () -> {
      ConnectOptions options = new ConnectOptions().host("127.0.0.1").port(port).servername("localhost")
          .ca(PKI.resolve("root-ca.pem")).secureOptions(CryptoConstants.SSL_OP_NO_TICKET);
      if (raw != null) {
        options.socket(raw);
      }
      if (session != null) {
        options.session(session);
      }
      TlsSocket client = Tls.connect(options);
      client.on(TlsSocket.SECURE_CONNECT, () -> reused.complete(client.isSessionReused()));
      client.on(TlsSocket.SESSION, bytes -> last[0] = bytes);
      client.on(Duplex.ERROR, reused::completeExceptionally);
      client.on(Duplex.CLOSE, hadError -> closed.complete(null));
      client.resume();
    });
    boolean wasReused = await(reused);
    await(closed);
    return new Outcome(wasReused, last[0]);
  }

  @Test
  void newSessionListenerServesOnlyConnectionsAcceptedAfterIt() {
    int port = listen();
    NetSocket before = acceptedRaw(port);
    run(loop, this::addNewSession);
    Outcome early = connect(port, before, null);
    assertEquals(List.of(), events, "the connection accepted before the listener stores nothing");
    Outcome after = connect(port, null, null);
    assertEquals(List.of("newSession"), events, "the connection accepted after it does");
    run(loop, this::addResumeSession);
    assertFalse(connect(port, null, early.session()).reused(), "the early session was never stored");
    assertTrue(connect(port, null, after.session()).reused(), "the later one was, and resumes");
  }

  @Test
  void resumeSessionListenerServesOnlyConnectionsAcceptedAfterIt() {
    int port = listen();
    run(loop, this::addNewSession);
    byte[] stored = connect(port, null, null).session();
    NetSocket before = acceptedRaw(port);
    run(loop, this::addResumeSession);
    events.clear();
    Outcome early = connect(port, before, stored);
    assertFalse(early.reused(), "no lookup for the connection accepted before the listener: a full handshake");
    assertEquals(List.of("newSession"), events);
    events.clear();
    assertTrue(connect(port, null, stored).reused(), "the connection accepted after it looks the session up");
    assertEquals(List.of("resumeSession"), events);
  }

  @Test
  void listenerAddedFromTheServersConnectionEventDoesNotServeThatConnection() {
    int port = listen();
    run(loop, () -> server.once(NetServer.CONNECTION, socket -> addNewSession()));
    connect(port, null, null);
    assertEquals(List.of(), events, "as in Node, the connection was wrapped before the user's 'connection' ran");
    connect(port, null, null);
    assertEquals(List.of("newSession"), events);
  }

  /**
   * The other side of wrapping first, as Node: a 'connection' listener that destroys the raw socket
   * leaves a TLS socket that never got its ClientHello, which node v20 reports as 'tlsClientError'
   * ECONNRESET (the client sees ECONNRESET too).
   */
  @Test
  void rawSocketDestroyedInConnectionListenerIsATlsClientError() {
    int port = listen();
    CompletableFuture<TlsClientError> clientError = new CompletableFuture<>();
    run(loop, () -> {
      server.on(NetServer.CONNECTION, Duplex::destroy);
      server.on(TlsServer.TLS_CLIENT_ERROR, clientError::complete);
    });
    CompletableFuture<Throwable> failed = new CompletableFuture<>();
    run(loop, () -> Tls.connect(new ConnectOptions().host("127.0.0.1").port(port).rejectUnauthorized(false))
        .on(Duplex.ERROR, failed::complete));
    assertEquals("ECONNRESET", ((dev.jtls.events.NodeError) await(clientError).exception()).code());
    await(failed);
  }
}

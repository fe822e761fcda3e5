package dev.jtls.tls.node;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtls.events.NodeError;
import dev.jtls.net.EventLoop;
import dev.jtls.tls.AlpnCallback;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The ALPNCallback cases of Node's test/parallel/test-tls-alpn-server-client.js (Test1 to TestALPNOptionsCallback), with jtls on
 * both ends. The v18 file predates two changes the spec (v22) and node v20 have, which jtls follows:
 * no protocol in common fails the handshake (v18: both sides get false), and an ALPNCallback that
 * returns nothing sends no_application_protocol (v18: ECONNRESET). An ALPNCallback returning a
 * protocol not offered is v18's uncaughtException and v20's 'tlsClientError'; jtls gives the latter.
 */
class TlsAlpnCallbackTest {
  /** One client's outcome: its alpnProtocol or error code, and the server's alpnProtocol (or "none"). */
  private record Result(String client, String server) {}

  private static List<Result> runTest(List<List<String>> clientsAlpn, ServerOptions serverOptions,
      List<String> serverErrors) {
    List<String> serverSide = new CopyOnWriteArrayList<>();
    try (NodeTestServer server = new NodeTestServer(serverOptions.key(NodeTestServer.KEYS.resolve("agent2-key.pem"))
        .cert(NodeTestServer.KEYS.resolve("agent2-cert.pem")), c -> {
          serverSide.add(String.valueOf(c.alpnProtocol()));
          c.resume();
        })) {
      server.onTlsClientError(e -> serverErrors.add(((NodeError) e.exception()).code()));
      List<Result> results = new ArrayList<>();
      for (List<String> alpn : clientsAlpn) {
        int before = serverSide.size();
        String client = connect(server.port, alpn);
        results.add(new Result(client, serverSide.size() > before ? serverSide.get(before) : "none"));
      }
      return results;
    }
  }

  private static String connect(int port, List<String> alpn) {
    CompletableFuture<String> outcome = new CompletableFuture<>();
    CompletableFuture<Void> closed = new CompletableFuture<>();
    run(EventLoop.defaultLoop(), () -> {
      ConnectOptions options = new ConnectOptions().host("127.0.0.1").port(port).rejectUnauthorized(false);
      if (alpn != null) {
        options.alpnProtocols(alpn);
      }
      TlsSocket client = Tls.connect(options);
      client.on(TlsSocket.SECURE_CONNECT, () -> {
        outcome.complete(String.valueOf(client.alpnProtocol()));
        client.end();
      });
      client.on(TlsSocket.ERROR, e -> outcome.complete(((NodeError) e).code()));
      client.on(TlsSocket.CLOSE, hadError -> closed.complete(null));
      client.resume();
    });
    String result = await(outcome);
    await(closed);
    return result;
  }

  @Test
  void test1ServerAlpnClientAlpn() {
    List<Result> results = runTest(List.of(List.of("a", "b", "c"), List.of("c", "b", "e"),
        List.of("first-priority-unsupported", "x", "y")), new ServerOptions().alpnProtocols(List.of("a", "b", "c")),
        new ArrayList<>());
    assertEquals(List.of(new Result("a", "a"), new Result("b", "b"),
        new Result("ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL", "none")), results);
  }

  @Test
  void test2ServerAlpnClientNothing() {
    List<Result> results = runTest(Arrays.asList(null, null, null),
        new ServerOptions().alpnProtocols(List.of("a", "b", "c")), new ArrayList<>());
    assertEquals(List.of(new Result("null", "null"), new Result("null", "null"), new Result("null", "null")), results);
  }

  @Test
  void test3ServerNothingClientAlpn() {
    // Node's first client misspells the option (ALPNrotocols), so it offers nothing.
    List<Result> results = runTest(Arrays.asList(null, List.of("c", "b", "e"),
        List.of("first-priority-unsupported", "x", "y")), new ServerOptions(), new ArrayList<>());
    assertEquals(List.of(new Result("null", "null"), new Result("null", "null"), new Result("null", "null")), results);
  }

  @Test
  void test4ServerNothingClientNothing() {
    List<Result> results = runTest(Arrays.asList(null, null, null), new ServerOptions(), new ArrayList<>());
    assertEquals(List.of(new Result("null", "null"), new Result("null", "null"), new Result("null", "null")), results);
  }

  @Test
  void testAlpnCallback() {
    AtomicInteger calls = new AtomicInteger();
    AlpnCallback secondPreference = request -> {
      calls.incrementAndGet();
      return request.protocols().size() > 1 ? request.protocols().get(1) : null;
    };
    List<Result> results = runTest(List.of(List.of("a", "b", "c"), List.of("a")),
        new ServerOptions().alpnCallback(secondPreference), new ArrayList<>());
    assertEquals(List.of(new Result("b", "b"), new Result("ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL", "none")),
        results);
    assertEquals(2, calls.get());
  }

  @Test
  void testBadAlpnCallback() {
    List<String> serverErrors = new CopyOnWriteArrayList<>();
    List<Result> results = runTest(List.of(List.of("http/1", "h2")), new ServerOptions().alpnCallback(r -> "http/5"),
        serverErrors);
    assertEquals(List.of(new Result("ECONNRESET", "none")), results);
    assertEquals(List.of("ERR_TLS_ALPN_CALLBACK_INVALID_RESULT"), serverErrors);
  }

  @Test
  void testAlpnOptionsCallback() {
    NodeError e = assertThrows(NodeError.class, () -> Tls.createServer(new ServerOptions().alpnCallback(r -> "a")
        .alpnProtocols(List.of("b", "c"))));
    assertEquals("ERR_TLS_ALPN_CALLBACK_WITH_PROTOCOLS", e.code());
  }
}

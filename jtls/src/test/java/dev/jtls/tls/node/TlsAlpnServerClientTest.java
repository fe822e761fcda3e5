package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-alpn-server-client.js: which ALPN protocol each side sees for server
 * and client lists, absent lists, and no protocol in common (a fatal no_application_protocol alert,
 * alert number 120 for {@code openssl s_client}).
 *
 * <p>Ported from Node's current version of the file: v18.20.4's copy expects v18's behaviour when
 * there is no protocol in common (no ALPN, the handshake goes on), which fails under node 20 and is
 * not what the v22 spec says. Its ALPNCallback cases (TestALPNCallback, TestBadALPNCallback,
 * TestALPNOptionsCallback) are in {@link TlsAlpnCallbackTest}. Node's
 * {@code false} for "no ALPN" is null in jtls.
 */
class TlsAlpnServerClientTest {
  private static final String SERVER_IP = "127.0.0.1";
  private static final List<String> FATAL_ALERT_CODES = List.of("ECONNRESET", "ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL");

  /** What one connection saw: the server's and the client's ALPN protocol, or the client's error. */
  static final class Result {
    String server;
    boolean serverSeen;
    String client;
    Throwable clientError;
  }

  private static void checkResults(Result result, String server, String client) {
    assertTrue(result.serverSeen, "the server saw no connection");
    assertEquals(server, result.server);
    assertEquals(client, result.client);
  }

  private static Map<String, Object> alpn(String... protocols) {
    Map<String, Object> options = new HashMap<>();
    options.put("ALPNProtocols", List.of(protocols));
    return options;
  }

  private static void runTest(NodeRun node, List<Map<String, Object>> clientsOptions, Map<String, Object> serverOptions,
      Consumer<List<Result>> cb) {
    Map<String, Object> options = new HashMap<>(serverOptions);
    options.put("key", readKey("agent2-key.pem"));
    options.put("cert", readKey("agent2-cert.pem"));
    List<Result> results = new ArrayList<>();
    int[] serverIndex = {0};
    TlsServer server = Tls.createServer(ServerOptions.fromMap(options).loop(node.loop()), c -> {
      Result r = results.get(serverIndex[0]++);
      r.serverSeen = true;
      r.server = c.alpnProtocol();
    });
    LinkedList<Map<String, Object>> pending = new LinkedList<>(clientsOptions);
    server.listen(0, SERVER_IP, () -> connectClient(node, server, pending, results, cb));
  }

  private static void connectClient(NodeRun node, TlsServer server, LinkedList<Map<String, Object>> options,
      List<Result> results, Consumer<List<Result>> cb) {
    Map<String, Object> opt = new HashMap<>(options.removeFirst());
    opt.put("port", server.address().port());
    opt.put("host", SERVER_IP);
    opt.put("rejectUnauthorized", false);
    Result result = new Result();
    results.add(result);
    Runnable startNextClient = () -> {
      if (!options.isEmpty()) {
        connectClient(node, server, options, results, cb);
      } else {
        server.close();
        server.on(TlsServer.CLOSE, () -> cb.accept(results));
      }
    };
    TlsSocket[] client = new TlsSocket[1];
    client[0] = Tls.connect(ConnectOptions.fromMap(opt).loop(node.loop()), () -> {
      result.client = client[0].alpnProtocol();
      client[0].end();
      startNextClient.run();
    });
    client[0].on(Duplex.ERROR, err -> {
      result.clientError = err;
      startNextClient.run();
    });
  }

  @Test
  @Timeout(20)
  void alpnSelection() {
    NodeRun.run(getClass().getSimpleName(), node -> test1(node));
  }

  /** Server: ALPN, client: ALPN. */
  private static void test1(NodeRun node) {
    runTest(node, List.of(alpn("a", "b", "c"), alpn("c", "b", "e"), alpn("x", "y", "c")), alpn("a", "b", "c"),
        node.mustCall(results -> {
          checkResults(results.get(0), "a", "a");
          checkResults(results.get(1), "b", "b");
          checkResults(results.get(2), "c", "c");
          test2(node);
        }));
  }

  /** Server: ALPN, client: nothing. */
  private static void test2(NodeRun node) {
    runTest(node, List.of(Map.of(), Map.of(), Map.of()), alpn("a", "b", "c"), node.mustCall(results -> {
      for (Result r : results) {
        checkResults(r, null, null);
      }
      test3(node);
    }));
  }

  /** Server: nothing, client: ALPN (the first with Node's misspelt, and so ignored, option name). */
  private static void test3(NodeRun node) {
    Map<String, Object> misspelt = Map.of("ALPNrotocols", List.of("a", "b", "c"));
    runTest(node, List.of(misspelt, alpn("c", "b", "e"), alpn("first-priority-unsupported", "x", "y")), Map.of(),
        node.mustCall(results -> {
          for (Result r : results) {
            checkResults(r, null, null);
          }
          test4(node);
        }));
  }

  /** Server: nothing, client: nothing; and, at the same time, TestFatalAlert. */
  private static void test4(NodeRun node) {
    runTest(node, List.of(Map.of(), Map.of(), Map.of()), Map.of(), node.mustCall(results -> {
      for (Result r : results) {
        checkResults(r, null, null);
      }
    }));
    testFatalAlert(node);
  }

  private static void testFatalAlert(NodeRun node) {
    Map<String, Object> options = alpn("foo");
    options.put("key", readKey("agent2-key.pem"));
    options.put("cert", readKey("agent2-cert.pem"));
    TlsServer server = Tls.createServer(ServerOptions.fromMap(options).loop(node.loop()),
        node.mustNotCall("secureConnection"));
    server.listen(0, SERVER_IP, node.mustCall(() -> {
      int port = server.address().port();
      // The client sees ECONNRESET (older OpenSSL) or the alert: the connection is severed before the handshake completes
      TlsSocket client = Tls.connect(new ConnectOptions().host(SERVER_IP).port(port).rejectUnauthorized(false)
          .alpnProtocols(List.of("bar")).loop(node.loop()), node.mustNotCallRunnable("secureConnect"));
      client.on(Duplex.ERROR, node.mustCall(err -> {
        String code = ((NodeError) err).code();
        assertTrue(FATAL_ALERT_CODES.contains(code), "'" + code + "' was not one of " + FATAL_ALERT_CODES);
        // openssl s_client prints the alert number, 120 for no_application_protocol
        OpensslChild.run(node, List.of("s_client", "--alpn", "bar", SERVER_IP + ":" + port),
            node.mustCall((exitCode, stderr) -> {
              assertTrue(stderr.contains("SSL alert number 120"), stderr);
              server.close();
            }));
      }));
    }));
  }
}

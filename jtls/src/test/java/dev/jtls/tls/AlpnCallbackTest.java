package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.testing.NoNativeLeaks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The server's {@code ALPNCallback} against a node client offering {@code ['a', 'b']}; each
 * expectation is what a node v20 server with the same callback gives.
 */
@ExtendWith(NoNativeLeaks.class)
class AlpnCallbackTest {
  private static final Path PKI = LoopPeers.PKI;

  private final LoopPeers peers = new LoopPeers();
  private final List<AlpnCallback.Request> asked = new CopyOnWriteArrayList<>();
  private final CompletableFuture<String> serverSide = new CompletableFuture<>();

  @AfterEach
  void close() {
    peers.close();
  }

  private int listen(String answer) {
    ServerOptions options = new ServerOptions().key(PKI.resolve("server.key")).cert(PKI.resolve("server-chain.pem"))
        .alpnCallback(request -> {
          asked.add(request);
          return answer;
        });
    return peers.listen(() -> {
      TlsServer server = Tls.createServer(options, socket -> {
        serverSide.complete("alpn " + socket.alpnProtocol());
        socket.end();
      });
      server.on(TlsServer.TLS_CLIENT_ERROR, e -> {
        NodeError error = (NodeError) e.exception();
        serverSide.complete(error.code() + " " + error.getMessage());
      });
      return server;
    });
  }

  private static String nodeClient(int port) throws IOException, InterruptedException {
    String script = "const tls=require('node:tls');const c=tls.connect({host:'127.0.0.1',port:" + port
        + ",servername:'x.test',rejectUnauthorized:false,ALPNProtocols:['a','b']},()=>{"
        + "console.log('alpn '+c.alpnProtocol);c.end();});c.on('error',e=>console.log('error '+e.code));";
    Process node = new ProcessBuilder("node", "-e", script).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(node.waitFor(60, TimeUnit.SECONDS));
    return out;
  }

  @Test
  void theCallbacksChoiceIsTheProtocolOnBothEnds() throws Exception {
    int port = listen("b");
    assertEquals("alpn b", nodeClient(port));
    assertEquals("alpn b", await(serverSide));
    assertEquals(List.of(new AlpnCallback.Request("x.test", List.of("a", "b"))), asked);
  }

  @Test
  void noAnswerRefusesTheConnectionWithNoApplicationProtocol() throws Exception {
    int port = listen(null);
    assertEquals("error ERR_SSL_TLSV1_ALERT_NO_APPLICATION_PROTOCOL", nodeClient(port));
    assertTrue(await(serverSide).startsWith("ERR_SSL_NO_APPLICATION_PROTOCOL "));
  }

  /** As from a node server, the client sees the connection reset, not an alert. */
  @Test
  void aProtocolTheClientDidNotOfferFailsTheConnection() throws Exception {
    int port = listen("zz");
    assertEquals("error ECONNRESET", nodeClient(port));
    assertEquals("ERR_TLS_ALPN_CALLBACK_INVALID_RESULT ALPN callback returned a value (zz) that did not match any of"
        + " the client's offered protocols (a, b)", await(serverSide));
  }

  @Test
  void theCallbackWithAlpnProtocolsThrows() {
    NodeError e = assertThrows(NodeError.class, () -> Tls.createServer(
        Map.of("ALPNCallback", (AlpnCallback) request -> null, "ALPNProtocols", List.of("h2")), null));
    assertEquals("ERR_TLS_ALPN_CALLBACK_WITH_PROTOCOLS", e.code());
    assertEquals("The ALPNCallback and ALPNProtocols TLS options are mutually exclusive", e.getMessage());
    NodeError notAFunction = assertThrows(NodeError.class, () -> Tls.createServer(Map.of("ALPNCallback", 1), null));
    assertEquals("The \"options.ALPNCallback\" property must be of type function. Received type number (1)",
        notAFunction.getMessage());
  }
}

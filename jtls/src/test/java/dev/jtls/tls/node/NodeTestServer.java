package dev.jtls.tls.node;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.net.EventLoop;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsClientError;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A jtls server for the ported Node tests, listening on 127.0.0.1 until closed; and Node's fixture keys. */
final class NodeTestServer implements AutoCloseable {
  static final Path KEYS = Path.of("src/test/resources/nodefixtures/keys").toAbsolutePath();

  private final TlsServer server;
  final int port;

  NodeTestServer(ServerOptions options, Consumer<TlsSocket> onSecure) {
    CompletableFuture<TlsServer> made = new CompletableFuture<>();
    CompletableFuture<Integer> listening = new CompletableFuture<>();
    run(EventLoop.defaultLoop(), () -> {
      TlsServer s = Tls.createServer(options, onSecure::accept);
      made.complete(s);
      s.listen(0, "127.0.0.1", () -> listening.complete(s.address().port()));
    });
    this.server = await(made);
    this.port = await(listening);
  }

  /** Node's agent2 identity (RSA 2048, self-signed, CN=agent2). */
  static ServerOptions agent2() {
    return new ServerOptions().key(KEYS.resolve("agent2-key.pem")).cert(KEYS.resolve("agent2-cert.pem"));
  }

  /**
   * The shared body of Node's test-tls-ecdh*.js: an agent2 server limited to one ECDHE cipher and
   * TLSv1.2, with {@code ecdhCurve}, ends each connection with a recognizable reply; whether
   * {@code s_client} offering that cipher received it.
   */
  static boolean sClientGetsTheReplyWithCurve(String ecdhCurve) throws IOException, InterruptedException {
    String ciphers = "-ALL:ECDHE-RSA-AES128-SHA256";
    String reply = "I AM THE WALRUS";
    try (NodeTestServer server = new NodeTestServer(agent2().ciphers(ciphers).ecdhCurve(ecdhCurve)
        .maxVersion("TLSv1.2"), conn -> conn.end(reply))) {
      return server.opensslClient("-cipher", ciphers).contains(reply);
    }
  }

  /** Runs {@code openssl s_client -connect 127.0.0.1:port args...} with no input; returns its stdout and stderr. */
  String opensslClient(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  /** Listens for the server's 'tlsClientError', on its loop. */
  void onTlsClientError(Consumer<TlsClientError> listener) {
    run(EventLoop.defaultLoop(), () -> server.on(TlsServer.TLS_CLIENT_ERROR, listener::accept));
  }

  /** {@code server.addContext(hostname, options)}, on the server's loop. */
  void addContext(String hostname, Object context) {
    run(EventLoop.defaultLoop(), () -> server.addContext(hostname, context));
  }

  @Override
  public void close() {
    CompletableFuture<Void> closed = new CompletableFuture<>();
    run(EventLoop.defaultLoop(), () -> server.close(() -> closed.complete(null)));
    await(closed);
  }
}

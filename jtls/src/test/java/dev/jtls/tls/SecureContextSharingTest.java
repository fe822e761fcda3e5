package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.net.EventLoop;
import dev.jtls.testing.NoNativeLeaks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Contexts are built once and shared: options are copied when they enter the API, every context
 * carries every callback a connection may need (so an SNI switch keeps ALPN), and a context may be
 * closed while another thread is making connections from it.
 */
@ExtendWith(NoNativeLeaks.class)
class SecureContextSharingTest {
  private static final Path PKI = LoopPeers.PKI;

  private TlsServer server;
  private SecureContext rsa;

  @AfterEach
  void close() {
    if (server != null) {
      CompletableFuture<Void> closed = new CompletableFuture<>();
      run(EventLoop.defaultLoop(), () -> server.close(() -> closed.complete(null)));
      await(closed);
    }
    if (rsa != null) {
      rsa.close();
    }
  }

  private int listen(TlsServer s) {
    server = s;
    CompletableFuture<Integer> port = new CompletableFuture<>();
    run(EventLoop.defaultLoop(), () -> server.listen(0, "127.0.0.1", () -> port.complete(server.address().port())));
    return await(port);
  }

  private static ServerOptions ecServer() {
    return new ServerOptions().key(PKI.resolve("server-ec.key")).cert(PKI.resolve("server-ec-chain.pem"));
  }

  private SecureContext rsaContext() {
    rsa = Tls.createSecureContext(new SecureContextOptions().key(PKI.resolve("server.key"))
        .cert(PKI.resolve("server-chain.pem")));
    return rsa;
  }

  /** What a node client offering h2 and http/1.1 sees: "<key type> <protocol> <alpnProtocol>". */
  private static String nodeClientSees(int port, String servername, String maxVersion)
      throws IOException, InterruptedException {
    String script = "const tls=require('node:tls'),fs=require('node:fs');"
        + "const c=tls.connect({host:'127.0.0.1',port:" + port + ",servername:'" + servername + "',"
        + "maxVersion:'" + maxVersion + "',ALPNProtocols:['http/1.1','h2'],"
        + "ca:fs.readFileSync('" + PKI.resolve("root-ca.pem").toAbsolutePath() + "')},()=>{"
        + "const p=c.getPeerCertificate();console.log((p.modulus?'RSA':'EC')+' '+c.getProtocol()+' '+c.alpnProtocol);"
        + "c.end();});c.on('error',e=>{console.log('error '+e.code);});";
    Process node = new ProcessBuilder("node", "-e", script).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(node.waitFor(60, TimeUnit.SECONDS));
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void alpnIsNegotiatedWhenAddContextSwitchesTheContext(String version) throws Exception {
    TlsServer s = Tls.createServer(ecServer().alpnProtocols(List.of("h2", "http/1.1")), socket -> socket.end());
    s.addContext("*.jtls.test", rsaContext());
    int port = listen(s);
    assertEquals("RSA " + version + " h2", nodeClientSees(port, "a.jtls.test", version));
    assertEquals("EC " + version + " h2", nodeClientSees(port, "localhost", version));
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void alpnIsNegotiatedWhenAnSniCallbackSwitchesTheContext(String version) throws Exception {
    SecureContext context = rsaContext();
    TlsServer s = Tls.createServer(ecServer().alpnProtocols(List.of("h2"))
        .sniCallback((name, callback) -> callback.accept(null, context)), socket -> socket.end());
    int port = listen(s);
    assertEquals("RSA " + version + " h2", nodeClientSees(port, "b.jtls.test", version));
  }

  @Test
  void changingTheOptionsAfterCreateServerChangesNothing() throws Exception {
    byte[] key = Files.readAllBytes(PKI.resolve("server-ec.key"));
    ServerOptions options = new ServerOptions().key(key).cert(PKI.resolve("server-ec-chain.pem"))
        .alpnProtocols(List.of("h2"));
    TlsServer s = Tls.createServer(options, socket -> socket.end());
    options.alpnProtocols(List.of("spdy/1")).cert(PKI.resolve("server-chain.pem")).requestCert(true)
        .minVersion("TLSv1.3");
    Arrays.fill(key, (byte) 0);
    int port = listen(s);
    assertEquals("EC TLSv1.2 h2", nodeClientSees(port, "localhost", "TLSv1.2"));
    // A server that listens again rebuilds its context from the options it was created with.
    CompletableFuture<Void> closed = new CompletableFuture<>();
    run(EventLoop.defaultLoop(), () -> s.close(() -> closed.complete(null)));
    await(closed);
    port = listen(s);
    assertEquals("EC TLSv1.2 h2", nodeClientSees(port, "localhost", "TLSv1.2"));
  }

  @Test
  void aContextClosedWhileAnotherThreadMakesConnectionsFromItIsSafe() throws Exception {
    AtomicReference<SecureContext> current = new AtomicReference<>(Tls.createSecureContext());
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger made = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread connector = new Thread(() -> {
      try {
        while (!done.get()) {
          try {
            CrossedDuplex[] pipe = CrossedDuplex.pair(EventLoop.defaultLoop());
            TlsSocket socket = new TlsSocket(pipe[0], new TlsSocketOptions().secureContext(current.get()));
            made.incrementAndGet();
            socket.destroy();
            pipe[1].destroy();
          } catch (IllegalStateException closed) {
            refused.incrementAndGet();
          }
        }
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    connector.start();
    for (int i = 0; i < 2000; i++) {
      SecureContext next = Tls.createSecureContext();
      current.getAndSet(next).close();
    }
    while (made.get() == 0 && failure.get() == null) {
      Thread.onSpinWait();
    }
    done.set(true);
    connector.join();
    current.get().close();
    // Let the loop finish destroying the sockets before the leak check counts SSL objects.
    CompletableFuture<Void> drained = new CompletableFuture<>();
    run(EventLoop.defaultLoop(), () -> EventLoop.defaultLoop().setTimeout(() -> drained.complete(null), 10));
    await(drained);
    assertEquals(null, failure.get());
    assertTrue(made.get() > 0, "connections were made (" + made + ", " + refused + " refused as closed)");
  }
}

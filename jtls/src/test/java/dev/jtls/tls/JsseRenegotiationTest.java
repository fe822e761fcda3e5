package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jtls.net.LoopTesting;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NoNativeLeaks;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A JSSE server (the JDK's SSLServerSocket) renegotiates a TLSv1.2 connection by calling
 * startHandshake() again, which sends a HelloRequest. jtls's client must complete that second
 * handshake and keep exchanging data both ways.
 */
@ExtendWith(NoNativeLeaks.class)
class JsseRenegotiationTest {
  @Test
  void aServerInitiatedRenegotiationCompletesAndDataFlowsAfterIt() throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = java.nio.file.Files.newInputStream(LoopPeers.PKI.resolve("server.pfx"))) {
      keys.load(in, "jtls-pass".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, "jtls-pass".toCharArray());
    SSLContext context = SSLContext.getInstance("TLSv1.2");
    context.init(kmf.getKeyManagers(), null, null);
    AtomicInteger handshakes = new AtomicInteger();
    // JSSE tells its HandshakeCompletedListeners from a thread of its own, maybe after the server's
    // thread is done: the second handshake is awaited, not read after join()
    CompletableFuture<Void> renegotiated = new CompletableFuture<>();
    CompletableFuture<List<String>> serverSaw = new CompletableFuture<>();
    try (SSLServerSocket listener = (SSLServerSocket) context.getServerSocketFactory()
        .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listener.setEnabledProtocols(new String[] {"TLSv1.2"});
      Thread server = Thread.ofPlatform().name("jsse-renegotiating-server").start(() -> {
        try (SSLSocket s = (SSLSocket) listener.accept()) {
          s.setSoTimeout((int) LoopTesting.TIMEOUT_SECONDS * 1000);
          s.addHandshakeCompletedListener(e -> {
            if (handshakes.incrementAndGet() == 2) {
              renegotiated.complete(null);
            }
          });
          BufferedReader reader = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
          OutputStream out = s.getOutputStream();
          List<String> lines = new CopyOnWriteArrayList<>();
          lines.add(reader.readLine()); // "before"
          s.startHandshake(); // renegotiate: a HelloRequest
          out.write("ping\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          lines.add(reader.readLine()); // "pong", written while the renegotiation was under way
          out.write("bye\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          lines.add(String.valueOf(reader.readLine())); // null: the client ended
          serverSaw.complete(lines);
        } catch (Exception e) {
          serverSaw.completeExceptionally(e);
        }
      });
      StringBuilder received = new StringBuilder();
      CompletableFuture<Boolean> closed = new CompletableFuture<>();
      List<String> errors = new CopyOnWriteArrayList<>();
      LoopTesting.run(dev.jtls.net.EventLoop.defaultLoop(), () -> {
        TlsSocket client = Tls.connect(new ConnectOptions().host("127.0.0.1").port(listener.getLocalPort())
            .servername("localhost").ca(LoopPeers.PKI.resolve("root-ca.pem")).maxVersion("TLSv1.2"),
            () -> {});
        client.on(TlsSocket.SECURE_CONNECT, () -> client.write("before\n"));
        client.on(Duplex.DATA, chunk -> {
          received.append(new String(chunk, StandardCharsets.US_ASCII));
          if (received.toString().equals("ping\n")) {
            client.write("pong\n");
          } else if (received.toString().endsWith("bye\n")) {
            client.end();
          }
        });
        client.on(Duplex.ERROR, e -> errors.add(String.valueOf(e)));
        client.on(Duplex.CLOSE, closed::complete);
      });
      assertEquals(List.of("before", "pong", "null"), await(serverSaw));
      assertFalse(await(closed));
      server.join();
      assertEquals("ping\nbye\n", received.toString());
      assertEquals(List.of(), errors);
      await(renegotiated);
      assertEquals(2, handshakes.get());
    }
  }
}

package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtls.events.NodeError;
import dev.jtls.net.EventLoop;
import dev.jtls.testing.NodeScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SNI on the server: {@code addContext} and {@code SNICallback}, including one that answers later
 * from another thread while the handshake waits (the cert callback pauses it, as in Node).
 * The default identity is the EC certificate for localhost; the RSA one also covers *.jtls.test.
 */
class SniTest {
  private static final Path PKI = Path.of("src/test/resources/pki");

  private TlsServer server;
  private SecureContext rsa;

  @AfterEach
  void close() {
    CompletableFuture<Void> closed = new CompletableFuture<>();
    server.close(() -> closed.complete(null));
    await(closed);
    if (rsa != null) {
      rsa.close();
    }
  }

  private static ServerOptions ecServer() {
    return new ServerOptions().key(PKI.resolve("server-ec.key")).cert(PKI.resolve("server-ec-chain.pem"));
  }

  private SecureContext rsaContext() {
    rsa = Tls.createSecureContext(new SecureContextOptions().key(PKI.resolve("server.key"))
        .cert(PKI.resolve("server-chain.pem")));
    return rsa;
  }

  private int listen(TlsServer s) {
    server = s;
    CompletableFuture<Integer> port = new CompletableFuture<>();
    server.listen(0, "127.0.0.1", () -> port.complete(server.address().port()));
    return await(port);
  }

  /** Connects with {@code servername}; returns the key type the client saw and whether it was authorized. */
  private static String keyTypeSeen(int port, String servername) {
    return keyTypeSeen(port, servername, true);
  }

  private static String keyTypeSeen(int port, String servername, boolean rejectUnauthorized) {
    CompletableFuture<String> seen = new CompletableFuture<>();
    run(EventLoop.defaultLoop(), () -> {
      TlsSocket client = Tls.connect(new ConnectOptions().host("127.0.0.1").port(port).servername(servername)
          .ca(PKI.resolve("root-ca.pem")).rejectUnauthorized(rejectUnauthorized));
      client.on(TlsSocket.ERROR, seen::completeExceptionally);
      client.on(TlsSocket.SECURE_CONNECT, () -> {
        PeerCertificate cert = client.getPeerCertificate();
        seen.complete((cert.modulus() != null ? "RSA" : "EC") + " authorized=" + client.authorized());
        client.end();
      });
      client.resume();
    });
    return await(seen);
  }

  @Test
  void addContextServesTheLatestMatchingContextAndTheDefaultOtherwise() {
    TlsServer s = Tls.createServer(ecServer(), socket -> socket.resume());
    s.addContext("other.example", new SecureContextOptions().key(PKI.resolve("wrong-host.key"))
        .cert(PKI.resolve("wrong-host.pem")));
    s.addContext("*.jtls.test", rsaContext());
    int port = listen(s);
    assertEquals("RSA authorized=true", keyTypeSeen(port, "a.jtls.test"));
    assertEquals("EC authorized=true", keyTypeSeen(port, "localhost"));
    // Node's wildcard covers one label's characters: two labels or the bare parent get the default
    assertEquals("EC authorized=false", keyTypeSeen(port, "a.b.jtls.test", false));
    assertEquals("EC authorized=false", keyTypeSeen(port, "jtls.test", false));
  }

  /**
   * OpenSSL formats key log lines only for a context with a key log callback and asks the SSL's
   * current one, so the context SNI switches to must log too, although no connection of its own
   * ever listened.
   */
  @Test
  void theServersKeylogCoversEveryTls13SecretOfAConnectionSwitchedToAnSniContext() {
    CompletableFuture<Void> serverSecure = new CompletableFuture<>();
    TlsServer s = Tls.createServer(ecServer(), socket -> {
      serverSecure.complete(null);
      socket.resume();
    });
    s.addContext("*.jtls.test", rsaContext());
    List<String> labels = new CopyOnWriteArrayList<>();
    s.on(TlsServer.KEYLOG, keylog -> labels.add(new String(keylog.line(), StandardCharsets.US_ASCII).split(" ")[0]));
    int port = listen(s);
    assertEquals("RSA authorized=true", keyTypeSeen(port, "a.jtls.test"));
    await(serverSecure); // the server logs the client's traffic secret when it reads the client's Finished
    assertEquals(List.of("CLIENT_HANDSHAKE_TRAFFIC_SECRET", "CLIENT_TRAFFIC_SECRET_0", "EXPORTER_SECRET",
        "SERVER_HANDSHAKE_TRAFFIC_SECRET", "SERVER_TRAFFIC_SECRET_0"), labels.stream().sorted().toList());
  }

  @Test
  void anSniCallbackMayAnswerLaterFromAnotherThreadWhileTheHandshakeWaits() {
    List<String> asked = new CopyOnWriteArrayList<>();
    SecureContext context = rsaContext();
    CompletableFuture<String> serverSide = new CompletableFuture<>();
    int port = listen(Tls.createServer(ecServer().sniCallback((servername, callback) -> {
      asked.add(servername);
      Thread answer = new Thread(() -> {
        sleepQuietly(50);
        callback.accept(null, servername.endsWith(".jtls.test") ? context : null);
      });
      answer.start();
    }), socket -> {
      serverSide.complete(socket.servername());
      socket.resume();
    }));
    assertEquals("RSA authorized=true", keyTypeSeen(port, "x.jtls.test"));
    assertEquals("x.jtls.test", await(serverSide));
    assertEquals("EC authorized=true", keyTypeSeen(port, "localhost"));
    assertEquals(List.of("x.jtls.test", "localhost"), asked);
  }

  @Test
  void anSniCallbackErrorFailsTheConnectionAsTheServersTlsClientError() {
    NodeError refused = new NodeError("ERR_SNI_REFUSED_BY_TEST", "no such host here");
    CompletableFuture<TlsClientError> clientError = new CompletableFuture<>();
    TlsServer s = Tls.createServer(ecServer().sniCallback((servername, callback) -> callback.accept(refused, null)));
    s.on(TlsServer.TLS_CLIENT_ERROR, clientError::complete);
    int port = listen(s);
    NodeError onClient = assertThrows(NodeError.class, () -> keyTypeSeen(port, "a.jtls.test"));
    assertSame(refused, await(clientError).exception());
    assertEquals("ECONNRESET", onClient.code(), "the server hung up before the handshake completed");
  }

  @Test
  void addContextNeedsAServerName() {
    TlsServer s = Tls.createServer(ecServer());
    server = s;
    s.listen(0, "127.0.0.1");
    NodeError e = assertThrows(NodeError.class, () -> s.addContext("", new SecureContextOptions()));
    assertEquals("ERR_TLS_REQUIRED_SERVER_NAME", e.code());
  }

  @Test
  void aNodeClientGetsTheContextItsServerNameSelects() throws IOException, InterruptedException {
    TlsServer s = Tls.createServer(ecServer(), socket -> socket.end());
    s.addContext("*.jtls.test", rsaContext());
    int port = listen(s);
    String script = "const tls=require('node:tls'),fs=require('node:fs');"
        + "const c=tls.connect({host:'127.0.0.1',port:" + port + ",servername:'node.jtls.test',"
        + "ca:fs.readFileSync('" + PKI.resolve("root-ca.pem").toAbsolutePath() + "')},()=>{"
        + "const p=c.getPeerCertificate();console.log((p.modulus?'RSA':'EC')+' authorized='+c.authorized);c.end();});"
        + "c.on('error',e=>{console.log('error '+e.code);});";
    assertEquals("RSA authorized=true", NodeScript.eval(script));
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

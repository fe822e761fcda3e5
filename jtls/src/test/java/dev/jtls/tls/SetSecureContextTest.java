package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtls.events.NodeError;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code server.setSecureContext(options)}: the scenario of Node's test-tls-set-secure-context.js
 * over plain TLS (Node's goes through https): a first connection stays open across three swaps and
 * keeps receiving; each new connection is served from the context of the moment, and a client
 * that trusts only the first identity's CA is refused by the second (self-signed) one.
 */
class SetSecureContextTest {
  private static final Path PKI = LoopPeers.PKI;
  private static final SecureContextOptions TRUSTED = new SecureContextOptions().key(PKI.resolve("server.key"))
      .cert(PKI.resolve("server-chain.pem"));
  private static final SecureContextOptions SELF_SIGNED = new SecureContextOptions().key(PKI.resolve("self-signed.key"))
      .cert(PKI.resolve("self-signed.pem"));

  private TlsServer server;
  private final CompletableFuture<TlsSocket> firstResponse = new CompletableFuture<>();

  @BeforeEach
  void listen() {
    server = Tls.createServer(new ServerOptions().key(PKI.resolve("server.key")).cert(PKI.resolve("server-chain.pem")), socket -> {
      socket.on(Duplex.ERROR, e -> {});
      if (firstResponse.complete(socket)) {
        socket.write("multi-");
      } else {
        socket.end("success");
      }
    });
    await(server.listenAsync(0, "127.0.0.1"));
  }

  @AfterEach
  void close() {
    await(server.closeAsync());
  }

  /** Connects trusting the first identity's CA; completes with everything received until 'end'. */
  private CompletableFuture<String> request() {
    CompletableFuture<String> response = new CompletableFuture<>();
    StringBuilder received = new StringBuilder();
    Tls.connectWithSetup(new ConnectOptions().host("127.0.0.1").port(server.address().port()).servername("localhost")
        .ca(PKI.resolve("root-ca.pem")), socket -> {
          socket.on(Duplex.DATA, chunk -> received.append(new String(chunk, StandardCharsets.UTF_8)));
          socket.on(Duplex.END, () -> response.complete(received.toString()));
          socket.on(Duplex.ERROR, response::completeExceptionally);
        });
    return response;
  }

  private static String refusal(CompletableFuture<String> request) {
    Throwable e = await(request.handle((response, error) -> error instanceof CompletionException c ? c.getCause() : error));
    return assertInstanceOf(NodeError.class, e).code();
  }

  @Test
  void newConnectionsGetTheContextOfTheMomentAndAnOpenOneKeepsItsOwn() {
    CompletableFuture<String> first = request();
    TlsSocket firstOnServer = await(firstResponse);
    assertEquals("success", await(request()));

    server.setSecureContext(SELF_SIGNED);
    firstOnServer.write("request-");
    assertEquals("DEPTH_ZERO_SELF_SIGNED_CERT", refusal(request()));

    server.setSecureContext(TRUSTED);
    assertEquals("success", await(request()));
    firstOnServer.write("success-");

    server.setSecureContext(SELF_SIGNED);
    firstOnServer.end("fun!");
    assertEquals("DEPTH_ZERO_SELF_SIGNED_CERT", refusal(request()));

    assertEquals("multi-request-success-fun!", await(first));
  }

  @Test
  void anOpenConnectionKeepsTheCertificateItWasMadeWith() {
    CompletableFuture<String> first = request();
    TlsSocket firstOnServer = await(firstResponse);
    server.setSecureContext(new SecureContextOptions().key(PKI.resolve("server-ec.key")).cert(PKI.resolve("server-ec-chain.pem")));
    CompletableFuture<TlsSocket> later = Tls.connectAsync(new ConnectOptions().host("127.0.0.1").port(server.address().port())
        .servername("localhost").ca(PKI.resolve("root-ca.pem")));
    TlsSocket laterClient = await(later);
    assertNull(laterClient.getPeerCertificate().modulus(), "a connection made after the swap gets the EC certificate");
    assertNotNull(firstOnServer.getCertificate().modulus(), "the connection made before still uses the RSA one");
    laterClient.destroy();
    firstOnServer.end("done");
    assertEquals("multi-done", await(first));
  }

  @Test
  void aContextSetFromPlainOptionsKeepsTheServersDefaults() {
    // Node's setSecureContext applies honorCipherOrder's server default (true) to the new context too.
    server.setSecureContext(new SecureContextOptions().key(PKI.resolve("server.key")).cert(PKI.resolve("server-chain.pem"))
        .ciphers("ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256"));
    TlsSocket client = await(Tls.connectAsync(new ConnectOptions().host("127.0.0.1").port(server.address().port())
        .servername("localhost").ca(PKI.resolve("root-ca.pem")).maxVersion("TLSv1.2")
        .ciphers("ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384")));
    assertEquals("ECDHE-RSA-AES256-GCM-SHA384", client.getCipher().name());
    client.destroy();
  }

  @Test
  void badOptionsThrowAtOnceAndTheServerKeepsItsContext() {
    NodeError mismatch = assertThrows(NodeError.class, () -> server.setSecureContext(new SecureContextOptions()
        .key(PKI.resolve("client.key")).cert(PKI.resolve("server-chain.pem"))));
    assertEquals("ERR_OSSL_X509_KEY_VALUES_MISMATCH", mismatch.code());
    NodeError notPem = assertThrows(NodeError.class, () -> server.setSecureContext(new SecureContextOptions()
        .key(PKI.resolve("server.key")).cert("not a certificate")));
    assertEquals("ERR_OSSL_PEM_NO_START_LINE", notPem.code());
    NodeError none = assertThrows(NodeError.class, () -> server.setSecureContext((Map<String, ?>) null));
    assertEquals("The \"options\" argument must be of type object. Received null", none.getMessage());
    NodeError badType = assertThrows(NodeError.class, () -> server.setSecureContext(Map.of("ciphers", 1)));
    assertEquals("ERR_INVALID_ARG_TYPE", badType.code());
    CompletableFuture<String> first = request();
    await(firstResponse).end("still served");
    assertEquals("multi-still served", await(first));
  }

  @Test
  void aNodeClientIsServedTheNewContext() throws IOException, InterruptedException {
    server.setSecureContext(Map.of("key", LoopPeers.pem("server-ec.key"), "cert", LoopPeers.pem("server-ec-chain.pem")));
    String script = "const tls=require('node:tls'),fs=require('node:fs');"
        + "const c=tls.connect({host:'127.0.0.1',port:" + server.address().port() + ",servername:'localhost',"
        + "ca:fs.readFileSync('" + PKI.resolve("root-ca.pem").toAbsolutePath() + "')},()=>{"
        + "const p=c.getPeerCertificate();console.log((p.modulus?'RSA':'EC')+' authorized='+c.authorized);c.destroy();});"
        + "c.on('error',e=>{console.log('error '+e.code);});";
    assertEquals("EC authorized=true", NodeScript.eval(script));
  }
}

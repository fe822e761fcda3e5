package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.net.EventLoop;
import dev.jtls.testing.NoNativeLeaks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code crl} option: a client given the authorities' CRLs refuses the revoked leaf of the test
 * PKI with {@code CERT_REVOKED}, as a node client with the same options does, and accepts the others.
 */
@ExtendWith(NoNativeLeaks.class)
class CrlTest {
  private static final Path PKI = LoopPeers.PKI;
  private static final List<Path> CRLS = List.of(PKI.resolve("root-ca.crl"), PKI.resolve("intermediate-ca.crl"));

  private final LoopPeers peers = new LoopPeers();

  @AfterEach
  void close() {
    peers.close();
  }

  private int listen(String leaf) {
    return peers.listenTls(new ServerOptions().key(PKI.resolve(leaf + ".key")).cert(LoopPeers.pem(leaf + ".pem",
        "intermediate-ca.pem")));
  }

  /** "authorized" or the verification error code a jtls client with {@code crl} reports. */
  private static String jtlsClient(int port, Object crl) {
    CompletableFuture<String> seen = new CompletableFuture<>();
    run(EventLoop.defaultLoop(), () -> {
      TlsSocket c = Tls.connect(new ConnectOptions().host("127.0.0.1").port(port).servername("localhost")
          .ca(PKI.resolve("root-ca.pem")).crl(crl));
      c.on(TlsSocket.ERROR, e -> seen.complete(((NodeError) e).code()));
      c.on(TlsSocket.SECURE_CONNECT, () -> {
        seen.complete("authorized");
        c.end();
      });
      c.resume();
    });
    return await(seen);
  }

  private static String nodeClient(int port, List<Path> crls) throws IOException, InterruptedException {
    StringBuilder crl = new StringBuilder("[");
    for (Path p : crls) {
      crl.append("fs.readFileSync('").append(p.toAbsolutePath()).append("'),");
    }
    String script = "const tls=require('node:tls'),fs=require('node:fs');const c=tls.connect({host:'127.0.0.1',port:"
        + port + ",servername:'localhost',ca:fs.readFileSync('" + PKI.resolve("root-ca.pem").toAbsolutePath()
        + "'),crl:" + crl + "]},()=>{console.log('authorized');c.end();});c.on('error',e=>console.log(e.code));";
    Process node = new ProcessBuilder("node", "-e", script).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(node.waitFor(60, TimeUnit.SECONDS));
    return out;
  }

  @Test
  void aRevokedServerIsRefusedWithCertRevoked() throws Exception {
    int port = listen("revoked");
    assertEquals("CERT_REVOKED", nodeClient(port, CRLS));
    assertEquals("CERT_REVOKED", jtlsClient(port, CRLS));
  }

  @Test
  void aServerThatIsNotRevokedIsAuthorized() throws Exception {
    int port = listen("server");
    assertEquals("authorized", nodeClient(port, CRLS));
    assertEquals("authorized", jtlsClient(port, CRLS));
  }

  @Test
  void theWholeChainNeedsCrlsAsInNode() throws Exception {
    int port = listen("server");
    List<Path> intermediateOnly = List.of(PKI.resolve("intermediate-ca.crl"));
    assertEquals("UNABLE_TO_GET_CRL", nodeClient(port, intermediateOnly));
    assertEquals("UNABLE_TO_GET_CRL", jtlsClient(port, intermediateOnly));
  }

  @Test
  void crlErrorsAreNodes() {
    NodeError bad = assertThrows(NodeError.class, () -> Tls.createSecureContext(Map.of("crl", "bogus")));
    assertEquals("ERR_CRYPTO_OPERATION_FAILED", bad.code());
    assertEquals("Failed to parse CRL", bad.getMessage());
    NodeError type = assertThrows(NodeError.class, () -> Tls.createSecureContext(Map.of("crl", 1)));
    assertEquals("The \"options.crl\" property must be of type string or an instance of Buffer, TypedArray, or"
        + " DataView. Received type number (1)", type.getMessage());
  }
}

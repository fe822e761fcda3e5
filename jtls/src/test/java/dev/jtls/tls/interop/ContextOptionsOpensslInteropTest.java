package dev.jtls.tls.interop;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.net.EventLoop;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The context options seen by OpenSSL's own tools: a pfx server's chain, a sigalgs-limited server,
 * an ALPNCallback's choice for {@code s_client -alpn}, and a crl-checking jtls client against
 * {@code s_server} serving the revoked leaf.
 */
class ContextOptionsOpensslInteropTest {
  @TempDir
  Path dir;

  private final JtlsServers servers = new JtlsServers();

  @AfterEach
  void close() {
    servers.close();
  }

  private int listen(ServerOptions options) {
    return servers.listen(() -> Tls.createServer(options, TlsSocket::resume));
  }

  private static String sClient(int port, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
        "-CAfile", Identity.ROOT_CA.toString(), "-servername", "localhost"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return out;
  }

  @Test
  void aPfxServerSendsItsChainToSClient() throws Exception {
    byte[] pfx = Files.readAllBytes(Identity.PKI.resolve("server.pfx"));
    String out = sClient(listen(new ServerOptions().pfx(pfx).passphrase("jtls-pass")));
    assertTrue(out.contains("1 s:O = jtls, CN = jtls Test Intermediate CA"), out);
    assertTrue(out.contains("Verify return code: 0 (ok)"), out);
  }

  @Test
  void sigalgsLimitWhatTheServerSignsWith() throws Exception {
    String out = sClient(listen(new ServerOptions().key(Identity.RSA_SERVER.key()).cert(Identity.RSA_SERVER.chain())
        .sigalgs("rsa_pss_rsae_sha384")), "-tls1_2");
    assertTrue(out.contains("Peer signing digest: SHA384"), out);
    assertTrue(out.contains("Peer signature type: RSA-PSS"), out);
  }

  @Test
  void anAlpnCallbackAnswersSClient() throws Exception {
    String out = sClient(listen(new ServerOptions().key(Identity.RSA_SERVER.key()).cert(Identity.RSA_SERVER.chain())
        .alpnCallback(request -> request.protocols().getLast())), "-alpn", "h2,http/1.1");
    assertTrue(out.contains("ALPN protocol: http/1.1"), out);
  }

  @Test
  void aCrlCheckingClientRefusesTheRevokedLeafOfSServer() {
    Path pki = Identity.PKI;
    try (PeerProcess s = PeerProcess.start("openssl s_server", dir, List.of("openssl", "s_server", "-accept",
        "127.0.0.1:0", "-key", pki.resolve("revoked.key").toString(), "-cert", pki.resolve("revoked.pem").toString(),
        "-cert_chain", Identity.INTERMEDIATE_CA.toString(), "-www"))) {
      String accept = s.awaitLine("ACCEPT.*");
      int port = Integer.parseInt(accept.substring(accept.lastIndexOf(':') + 1));
      CompletableFuture<String> seen = new CompletableFuture<>();
      run(EventLoop.defaultLoop(), () -> {
        TlsSocket c = Tls.connect(new ConnectOptions().host("127.0.0.1").port(port).servername("localhost")
            .ca(Identity.ROOT_CA).crl(List.of(pki.resolve("root-ca.crl"), pki.resolve("intermediate-ca.crl"))));
        c.on(TlsSocket.ERROR, e -> seen.complete(((NodeError) e).code()));
        c.on(TlsSocket.SECURE_CONNECT, () -> {
          seen.complete("authorized");
          c.end();
        });
      });
      assertEquals("CERT_REVOKED", await(seen));
    }
  }
}

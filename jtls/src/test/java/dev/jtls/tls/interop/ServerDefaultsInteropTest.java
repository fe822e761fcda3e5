package dev.jtls.tls.interop;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.net.EventLoop;
import dev.jtls.tls.SecureContext;
import dev.jtls.tls.SecureContextOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Node's server defaults, seen by foreign clients: a server that asks for client certificates
 * still lets clients resume (createServer's default sessionIdContext; without it OpenSSL fails the
 * resumption with SESSION_ID_CONTEXT_UNINITIALIZED), and the server's cipher order wins unless
 * {@code honorCipherOrder} is false.
 */
class ServerDefaultsInteropTest {
  private final JtlsServers servers = new JtlsServers();
  private final List<Boolean> reused = new CopyOnWriteArrayList<>();
  private final List<String> clientErrors = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    servers.close();
  }

  private int listen(ServerOptions options) {
    return servers.listen(() -> {
      TlsServer server = Tls.createServer(options.key(Identity.RSA_SERVER.key()).cert(Identity.RSA_SERVER.chain()),
          socket -> {
            reused.add(socket.isSessionReused());
            socket.end();
          });
      server.on(TlsServer.TLS_CLIENT_ERROR, e -> clientErrors.add(String.valueOf(e.exception())));
      return server;
    });
  }

  private int listenRequestingCertificates() {
    return listen(new ServerOptions().requestCert(true).rejectUnauthorized(false).ca(Identity.ROOT_CA));
  }

  private static String runClient(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), command.getFirst() + " finished");
    return out;
  }

  private static long linesStartingWith(String out, String prefix) {
    return out.lines().filter(l -> l.startsWith(prefix)).count();
  }

  /**
   * TLS 1.2 only: {@code s_client -reconnect} reconnects before a TLS 1.3 ticket arrives, so it
   * never resumes TLS 1.3, against a node server neither (gnutls and JSSE cover TLS 1.3 below).
   */
  @Test
  void opensslReconnectResumesOnARequestCertServer() throws Exception {
    int port = listenRequestingCertificates();
    String out = runClient(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-reconnect", "-tls1_2",
        "-CAfile", Identity.ROOT_CA.toString(), "-servername", "localhost"));
    assertEquals(1, linesStartingWith(out, "New,"), out);
    assertEquals(5, linesStartingWith(out, "Reused,"), out);
    assertEquals(List.of(), clientErrors);
    assertEquals(List.of(false, true, true, true, true, true), reused);
  }

  /**
   * SNI moves the connection to another context (SSL_set_SSL_CTX), one without a session ID
   * context; sessions issued on such connections still resume on TLS 1.2 (openssl) and TLS 1.3
   * (gnutls). (OpenSSL fixes a session's ID context before the switch; jtls also keeps the
   * connection's own, as Node, which never swaps the SSL_CTX, does.)
   */
  @Test
  void sessionsIssuedAfterAnSniSwitchResume() throws Exception {
    CompletableFuture<Integer> port = new CompletableFuture<>();
    SecureContext ec = Tls.createSecureContext(new SecureContextOptions().key(Identity.PKI.resolve("server-ec.key"))
        .cert(Identity.PKI.resolve("server-ec-chain.pem")));
    try {
      int p = listen(new ServerOptions().requestCert(true).rejectUnauthorized(false).ca(Identity.ROOT_CA));
      run(EventLoop.defaultLoop(), () -> {
        servers.server().addContext("localhost", ec);
        port.complete(p);
      });
      String out = runClient(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + await(port), "-reconnect",
          "-tls1_2", "-CAfile", Identity.ROOT_CA.toString(), "-servername", "localhost"));
      assertEquals(5, linesStartingWith(out, "Reused,"), out);
      assertTrue(out.contains("Server public key is 256 bit"), "the EC context served: " + out);
      String gnutls = runClient(List.of("gnutls-cli", "--resume", "--x509cafile", Identity.ROOT_CA.toString(),
          "--sni-hostname", "localhost", "--verify-hostname", "localhost", "-p", String.valueOf(p), "127.0.0.1"));
      assertTrue(gnutls.contains("*** This is a resumed session"), gnutls);
      assertEquals(List.of(), clientErrors);
    } finally {
      servers.close();
      ec.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"NORMAL:-VERS-TLS1.3", "NORMAL"})
  void gnutlsResumesOnARequestCertServer(String priority) throws Exception {
    int port = listenRequestingCertificates();
    String out = runClient(List.of("gnutls-cli", "--resume", "--priority", priority, "--x509cafile",
        Identity.ROOT_CA.toString(), "--sni-hostname", "localhost", "--verify-hostname", "localhost", "-p",
        String.valueOf(port), "127.0.0.1"));
    assertTrue(out.contains("*** This is a resumed session"), out);
    assertEquals(List.of(), clientErrors);
    assertEquals(List.of(false, true), reused);
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void aJsseClientResumesOnARequestCertServer(String version) throws Exception {
    int port = listenRequestingCertificates();
    SSLContext jsse = SSLContext.getInstance("TLS");
    jsse.init(null, trustingTheTestRoot().getTrustManagers(), null);
    for (int i = 0; i < 2; i++) {
      try (SSLSocket socket = (SSLSocket) jsse.getSocketFactory().createSocket("127.0.0.1", port)) {
        socket.setEnabledProtocols(new String[] {version});
        socket.startHandshake();
        try (InputStream in = socket.getInputStream()) {
          // Reading to the server's close_notify also takes in the TLS 1.3 session ticket.
          assertEquals(-1, in.read());
        }
      }
    }
    assertEquals(List.of(), clientErrors);
    assertEquals(List.of(false, true), reused);
  }

  private static TrustManagerFactory trustingTheTestRoot() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = new FileInputStream(Identity.ROOT_CA.toFile())) {
      trust.setCertificateEntry("root", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    return tmf;
  }

  /** The cipher each client offering {@code clientOrder} gets: openssl, then node. */
  private static List<String> ciphersChosen(int port, String clientOrder, String version) throws Exception {
    List<String> chosen = new ArrayList<>();
    String flag = version.equals("TLSv1.3") ? "-ciphersuites" : "-cipher";
    String out = runClient(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-brief",
        version.equals("TLSv1.3") ? "-tls1_3" : "-tls1_2", flag, clientOrder, "-CAfile", Identity.ROOT_CA.toString()));
    chosen.add(out.lines().filter(l -> l.startsWith("Ciphersuite: ")).findFirst().orElse(out).substring(13));
    String script = "const tls=require('node:tls');const c=tls.connect({host:'127.0.0.1',port:" + port
        + ",rejectUnauthorized:false,minVersion:'" + version + "',maxVersion:'" + version + "',ciphers:'"
        + clientOrder + "'},()=>{console.log(c.getCipher().standardName);c.end();});";
    chosen.add(runClient(List.of("node", "-e", script)).strip());
    return chosen;
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void theServersCipherOrderWinsByDefault(String version) throws Exception {
    int port = listen(new ServerOptions());
    boolean tls13 = version.equals("TLSv1.3");
    // Node's default list puts AES-256 first for TLSv1.3 and AES-128 first for TLSv1.2.
    String clientOrder = tls13 ? "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384"
        : "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256";
    String serverFirst = tls13 ? "TLS_AES_256_GCM_SHA384" : "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
    List<String> chosen = ciphersChosen(port, clientOrder, version);
    assertEquals(List.of(tls13 ? serverFirst : "ECDHE-RSA-AES128-GCM-SHA256", serverFirst), chosen);
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void honorCipherOrderFalseLetsTheClientsOrderWin(String version) throws Exception {
    int port = listen(new ServerOptions().honorCipherOrder(false));
    boolean tls13 = version.equals("TLSv1.3");
    String clientOrder = tls13 ? "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384"
        : "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256";
    String clientFirst = tls13 ? "TLS_AES_128_GCM_SHA256" : "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";
    List<String> chosen = ciphersChosen(port, clientOrder, version);
    assertEquals(List.of(tls13 ? clientFirst : "ECDHE-RSA-AES256-GCM-SHA384", clientFirst), chosen);
  }
}

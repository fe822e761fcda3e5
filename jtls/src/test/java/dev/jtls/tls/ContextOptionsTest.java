package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.internal.openssl.SslCtx;
import dev.jtls.net.EventLoop;
import dev.jtls.testing.Json;
import dev.jtls.testing.NoNativeLeaks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The createSecureContext options that shape the handshake (ecdhCurve and DEFAULT_ECDH_CURVE,
 * sigalgs, secureProtocol, secureOptions, sessionTimeout, TLSv1 with {@code @SECLEVEL=0}), each
 * checked by what a node peer sees on the same connection, and the
 * {@code getEphemeralKeyInfo()} / {@code getSharedSigalgs()} queries compared with node's answers.
 */
@ExtendWith(NoNativeLeaks.class)
class ContextOptionsTest {
  private static final Path PKI = LoopPeers.PKI;

  private LoopPeers peers = new LoopPeers();

  @AfterEach
  void close() {
    peers.close();
    peers = new LoopPeers();
  }

  private static ServerOptions rsaServer() {
    return new ServerOptions().key(PKI.resolve("server.key")).cert(PKI.resolve("server-chain.pem"));
  }

  /** Listens with {@code options}; each secure connection's shared sigalgs go to {@code sigalgs}. */
  private int listen(ServerOptions options, CompletableFuture<List<String>> sigalgs) {
    return peers.listen(() -> Tls.createServer(options, socket -> {
      sigalgs.complete(socket.getSharedSigalgs());
      socket.end();
    }));
  }

  private int listen(ServerOptions options) {
    return listen(options, new CompletableFuture<>());
  }

  /** A node client's view of the connection, as a JSON object (or {"error": code}). */
  private static Map<String, Object> nodeClient(int port, String extraOptions) throws IOException, InterruptedException {
    String script = "const tls=require('node:tls'),fs=require('node:fs');"
        + "const c=tls.connect({host:'127.0.0.1',port:" + port + ",servername:'localhost',"
        + "ca:fs.readFileSync('" + PKI.resolve("root-ca.pem").toAbsolutePath() + "')," + extraOptions + "},()=>{"
        + "console.log(JSON.stringify({protocol:c.getProtocol(),cipher:c.getCipher().name,"
        + "ephemeral:c.getEphemeralKeyInfo(),sigalgs:c.getSharedSigalgs()}));c.end();});"
        + "c.on('error',e=>{console.log(JSON.stringify({error:e.code}));});";
    Process node = new ProcessBuilder("node", "-e", script).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(node.waitFor(60, TimeUnit.SECONDS));
    @SuppressWarnings("unchecked")
    Map<String, Object> json = (Map<String, Object>) Json.parse(out);
    return json;
  }

  /** A jtls client's ephemeral key info and protocol for a connection to {@code port}. */
  private static List<Object> jtlsClient(int port, ConnectOptions options) {
    CompletableFuture<List<Object>> seen = new CompletableFuture<>();
    run(EventLoop.defaultLoop(), () -> {
      TlsSocket c = Tls.connect(options.host("127.0.0.1").port(port).ca(PKI.resolve("root-ca.pem")));
      c.on(TlsSocket.ERROR, seen::completeExceptionally);
      c.on(TlsSocket.SECURE_CONNECT, () -> {
        seen.complete(List.of(c.getProtocol(), c.getEphemeralKeyInfo()));
        c.end();
      });
      c.resume();
    });
    return await(seen);
  }

  private static Map<String, Object> keyInfoJson(EphemeralKeyInfo info) {
    return Map.of("type", info.type(), "name", info.name(), "size", info.size().longValue());
  }

  @ParameterizedTest
  @CsvSource({"P-256,prime256v1,256", "P-384,secp384r1,384", "P-521,secp521r1,521", "X25519,X25519,253"})
  void ecdhCurveChoosesTheKeyExchangeGroupAsANodeClientSees(String curve, String name, int size) throws Exception {
    int port = listen(rsaServer().ecdhCurve(curve));
    Map<String, Object> node = nodeClient(port, "");
    assertEquals(Map.of("type", "ECDH", "name", name, "size", (long) size), node.get("ephemeral"));
    EphemeralKeyInfo jtls = (EphemeralKeyInfo) jtlsClient(port, new ConnectOptions()).get(1);
    assertEquals(node.get("ephemeral"), keyInfoJson(jtls));
  }

  @Test
  void defaultEcdhCurveIsAppliedToContextsMadeAfterItChanged() throws Exception {
    String before = Tls.DEFAULT_ECDH_CURVE();
    try {
      Tls.DEFAULT_ECDH_CURVE("P-384");
      int port = listen(rsaServer());
      assertEquals(Map.of("type", "ECDH", "name", "secp384r1", "size", 384L), nodeClient(port, "").get("ephemeral"));
    } finally {
      Tls.DEFAULT_ECDH_CURVE(before);
    }
  }

  @Test
  void aServerSocketHasNoEphemeralKeyInfo() {
    CompletableFuture<EphemeralKeyInfo> onServer = new CompletableFuture<>();
    int port = peers.listen(() -> Tls.createServer(rsaServer(), socket -> {
      onServer.complete(socket.getEphemeralKeyInfo());
      socket.end();
    }));
    jtlsClient(port, new ConnectOptions().servername("localhost"));
    assertNull(await(onServer));
  }

  @Test
  void sigalgsLimitWhatIsSharedAndBothEndsReportTheSameList() throws Exception {
    CompletableFuture<List<String>> onServer = new CompletableFuture<>();
    int port = listen(rsaServer().sigalgs("RSA-PSS+SHA256:rsa_pss_rsae_sha512:ECDSA+SHA256").requestCert(true)
        .rejectUnauthorized(false), onServer);
    Map<String, Object> node = nodeClient(port, "sigalgs:'rsa_pss_rsae_sha512:RSA-PSS+SHA256:RSA+SHA256'");
    // The server's order wins (honorCipherOrder); a node server with these options reports the same list.
    assertEquals(List.of("RSA-PSS+SHA256", "RSA-PSS+SHA512"), await(onServer));
    assertEquals(await(onServer), node.get("sigalgs"));
  }

  @Test
  void secureProtocolAndSecureOptionsLimitTheVersion() throws Exception {
    int port = listen(rsaServer().secureProtocol("TLSv1_2_method"));
    assertEquals("TLSv1.2", nodeClient(port, "").get("protocol"));
    close();
    port = listen(rsaServer().secureOptions(CryptoConstants.SSL_OP_NO_TLSv1_3));
    assertEquals("TLSv1.2", nodeClient(port, "").get("protocol"));
    close();
    port = listen(rsaServer().secureProtocol("SSLv23_method"));
    assertEquals("TLSv1.2", nodeClient(port, "").get("protocol"), "as in Node, SSLv23 stops below TLSv1.3");
    close();
    port = listen(rsaServer().secureProtocol("TLS_method"));
    assertEquals("TLSv1.3", nodeClient(port, "").get("protocol"));
  }

  @Test
  void tlsV1NeedsSecurityLevelZeroAsInNode() throws Exception {
    int port = listen(rsaServer().minVersion("TLSv1").ciphers("DEFAULT@SECLEVEL=0"));
    Map<String, Object> node = nodeClient(port, "minVersion:'TLSv1',maxVersion:'TLSv1',ciphers:'DEFAULT@SECLEVEL=0'");
    assertEquals("TLSv1", node.get("protocol"));
    assertEquals(Map.of("type", "ECDH", "name", "X25519", "size", 253L), node.get("ephemeral"));
    close();
    port = listen(rsaServer().minVersion("TLSv1"));
    assertEquals(Map.of("error", "ERR_SSL_TLSV1_ALERT_INTERNAL_ERROR"),
        nodeClient(port, "minVersion:'TLSv1',maxVersion:'TLSv1',ciphers:'DEFAULT@SECLEVEL=0'"));
  }

  @Test
  void sessionTimeoutIsTheContextsTimeout() {
    try (SecureContext context = Tls.createSecureContext(new SecureContextOptions().sessionTimeout(7200L))) {
      assertEquals(7200, SslCtx.timeout(context.handle()));
    }
    try (SecureContext context = Tls.createSecureContext()) {
      // OpenSSL 3's default, which a Node server on OpenSSL 3 has too (the spec's 300 is OpenSSL 1.0's).
      assertEquals(7200, SslCtx.timeout(context.handle()));
    }
  }

  /** The defaults a fresh JVM starts with under Node's switches as system properties, and node's for the switches. */
  @Test
  void systemPropertiesSetTheDefaultsAsNodesSwitchesDo() throws Exception {
    List<List<String>> switches = List.of(List.of(), List.of("tls-min-v1.0", "tls-min-v1.3"),
        List.of("tls-min-v1.3"), List.of("tls-max-v1.2", "tls-max-v1.3"), List.of("tls-max-v1.2"),
        List.of("tls-min-v1.1"), List.of("tls-cipher-list=AES128-SHA"));
    for (List<String> set : switches) {
      List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path")));
      List<String> node = new ArrayList<>(List.of("node"));
      for (String s : set) {
        java.add("-Djtls." + s);
        node.add("--" + s);
      }
      java.add(TlsDefaultsProgram.class.getName());
      node.addAll(List.of("-e", "const t=require('tls');console.log([t.DEFAULT_MIN_VERSION,t.DEFAULT_MAX_VERSION,"
          + "t.DEFAULT_CIPHERS].join(' '))"));
      assertEquals(output(node), output(java), "switches " + set);
    }
  }

  private static String output(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return out;
  }
}

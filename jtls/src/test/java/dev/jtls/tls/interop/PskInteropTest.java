package dev.jtls.tls.interop;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.net.EventLoop;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NoNativeLeaks;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.PskClientCallback;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS-PSK between jtls and foreign peers, in TLSv1.2 and TLSv1.3: openssl s_client / s_server
 * ({@code -psk}), node v20 ({@code pskCallback}, node/psk/psk-peer.js) and GnuTLS
 * ({@code --pskusername} / {@code --pskpasswd}), each as client of a jtls server and as server of a
 * jtls client, with one key for the identity "alice". The server's identity hint reaches a jtls
 * client in TLSv1.2 only. JSSE has no TLS-PSK, so it is not a peer here.
 */
@ExtendWith(NoNativeLeaks.class)
class PskInteropTest {
  private static final String CIPHERS = "PSK+HIGH:TLS_AES_128_GCM_SHA256";
  private static final byte[] KEY = HexFormat.of().parseHex("6f8c1d2e3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9001a2b3c4d5");
  private static final String HEX = HexFormat.of().formatHex(KEY);
  private static final String PSK_PEER = Path.of("src/test/resources/node/psk/psk-peer.js").toAbsolutePath().toString();

  @TempDir
  Path workDir;

  private final JtlsServers servers = new JtlsServers();
  private final List<PeerProcess> processes = new ArrayList<>();
  private final List<String> identities = new CopyOnWriteArrayList<>();
  private final CompletableFuture<String> secured = new CompletableFuture<>();

  @AfterEach
  void cleanUp() {
    try (servers) {
      processes.forEach(PeerProcess::close);
    }
  }

  private PeerProcess start(String name, List<String> command) {
    PeerProcess process = PeerProcess.start(name, workDir, command);
    processes.add(process);
    return process;
  }

  /** A jtls PSK server that knows "alice", greets each secure connection with "psk ok" and ends it. */
  private int jtlsServer() {
    return servers.listen(() -> Tls.createServer(new ServerOptions().ciphers(CIPHERS).pskIdentityHint("jtls hint")
        .pskCallback((socket, identity) -> {
          identities.add(identity);
          return "alice".equals(identity) ? KEY : null;
        }), socket -> {
          secured.complete(socket.getProtocol() + " " + socket.getCipher().name());
          socket.on(Duplex.ERROR, e -> {});
          socket.end("psk ok\n");
        }));
  }

  private void assertJtlsServerSaw(String version) {
    String handshake = await(secured);
    assertTrue(handshake.startsWith(version + " "), handshake);
    assertTrue(handshake.contains("PSK") || version.equals("TLSv1.3"), handshake);
    assertEquals(List.of("alice"), identities);
  }

  /** What a jtls PSK client saw: the hints it was given, its handshake, and every byte until 'close'. */
  private record ClientRun(List<String> hints, String handshake, boolean authorized, String received) {}

  private static ClientRun jtlsClient(int port, String version, String send) {
    List<String> hints = new CopyOnWriteArrayList<>();
    CompletableFuture<String> handshake = new CompletableFuture<>();
    CompletableFuture<Boolean> authorized = new CompletableFuture<>();
    CompletableFuture<String> received = new CompletableFuture<>();
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    run(EventLoop.defaultLoop(), () -> {
      ConnectOptions options = new ConnectOptions().host("127.0.0.1").port(port).ciphers(CIPHERS)
          .checkServerIdentity((host, cert) -> null).pskCallback(hint -> {
            hints.add(String.valueOf(hint));
            return new PskClientCallback.Identity(KEY, "alice");
          });
      if (version.equals("TLSv1.2")) {
        options.maxVersion(version);
      } else {
        options.minVersion(version);
      }
      TlsSocket[] socket = new TlsSocket[1];
      socket[0] = Tls.connect(options, () -> {
        handshake.complete(socket[0].getProtocol() + " " + socket[0].getCipher().name());
        authorized.complete(socket[0].authorized());
        socket[0].write(send.getBytes(StandardCharsets.UTF_8));
      });
      socket[0].on(Duplex.DATA, chunk -> {
        data.writeBytes(chunk);
        if (send.endsWith("\n") && data.toString(StandardCharsets.UTF_8).endsWith(send)) {
          socket[0].end(); // a line echo: the whole line came back
        }
      });
      socket[0].on(Duplex.ERROR, e -> received.completeExceptionally(e));
      socket[0].on(Duplex.CLOSE, hadError -> received.complete(data.toString(StandardCharsets.UTF_8)));
    });
    String text = await(received);
    return new ClientRun(hints, await(handshake), await(authorized), text);
  }

  private static void assertJtlsClientSaw(ClientRun client, String version, String hint) {
    assertTrue(client.handshake().startsWith(version + " "), client.handshake());
    assertTrue(client.authorized(), "a PSK peer is authenticated by its key");
    assertEquals(List.of(version.equals("TLSv1.2") ? hint : "null"), client.hints());
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void opensslClientReachesAJtlsServer(String version) {
    int port = jtlsServer();
    PeerProcess client = start("openssl s_client", List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
        "-psk", HEX, "-psk_identity", "alice", version.equals("TLSv1.2") ? "-tls1_2" : "-tls1_3", "-cipher", "PSK"));
    client.awaitLine("psk ok");
    assertJtlsServerSaw(version);
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void nodeClientReachesAJtlsServer(String version) {
    int port = jtlsServer();
    PeerProcess client = start("node psk client", List.of("node", PSK_PEER,
        "client", String.valueOf(port), "alice", HEX, version));
    client.awaitLine("end");
    assertEquals("hint " + (version.equals("TLSv1.2") ? "jtls hint" : "null"), client.awaitLine("hint .*"));
    assertTrue(client.awaitLine("secure .*").endsWith(" authorized=true"), client.stdoutText());
    assertEquals("psk ok", client.awaitLine("psk ok"));
    assertJtlsServerSaw(version);
  }

  /**
   * TLSv1.3 only: gnutls-cli 3.7.9 (Debian 12) dies of SIGSEGV right after a TLSv1.2 PSK handshake
   * completes, against a node server as against jtls.
   */
  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.3"})
  void gnutlsClientReachesAJtlsServer(String version) {
    int port = jtlsServer();
    PeerProcess client = start("gnutls-cli", List.of("gnutls-cli", "-p", String.valueOf(port), "127.0.0.1",
        "--insecure", "--pskusername", "alice", "--pskkey", HEX, "--priority", gnutlsPriority(version)));
    client.awaitLine("psk ok");
    assertJtlsServerSaw(version);
  }

  /** GnuTLS's priority string for PSK in {@code version} alone. */
  private static String gnutlsPriority(String version) {
    return "NORMAL:-VERS-ALL:+VERS-" + version.replace("v", "") + ":+PSK:+ECDHE-PSK:+DHE-PSK";
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void jtlsClientReachesAnOpensslServer(String version) {
    PeerProcess server = start("openssl s_server", List.of("openssl", "s_server", "-accept", "127.0.0.1:0",
        "-naccept", "1", "-nocert", "-psk", HEX, "-psk_identity", "alice", "-psk_hint", "openssl hint", "-cipher",
        "PSK", version.equals("TLSv1.2") ? "-tls1_2" : "-tls1_3", "-www"));
    String accept = server.awaitLine("ACCEPT.*");
    int port = Integer.parseInt(accept.substring(accept.lastIndexOf(':') + 1));
    ClientRun client = jtlsClient(port, version, "GET / HTTP/1.0\r\n\r\n");
    assertJtlsClientSaw(client, version, "openssl hint");
    assertTrue(client.received().startsWith("HTTP/1.0 200 ok"), client.received());
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void jtlsClientReachesANodeServer(String version) {
    PeerProcess server = start("node psk server", List.of("node", PSK_PEER,
        "server", "alice", HEX));
    String listening = server.awaitLine("listening .*");
    ClientRun client = jtlsClient(Integer.parseInt(listening.substring("listening ".length())), version, "hi");
    assertJtlsClientSaw(client, version, "node hint");
    assertEquals("psk ok\n", client.received());
    assertEquals("identity alice", server.awaitLine("identity .*"));
    assertTrue(server.awaitLine("secure .*").startsWith("secure " + version + " "), server.stdoutText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void jtlsClientReachesAGnutlsServer(String version) {
    Path passwords = workDir.resolve("psk-passwd");
    try {
      Files.writeString(passwords, "alice:" + HEX + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PeerProcess server = start("gnutls-serv", List.of("gnutls-serv", "--echo", "--port", "0", "--pskpasswd",
        passwords.toString(), "--pskhint", "gnutls hint", "--priority", gnutlsPriority(version)));
    server.awaitLine("Echo Server listening on IPv4 .*done");
    ClientRun client = jtlsClient(GnutlsServerPeer.listeningPort(server.pid()), version, "psk ok\n");
    assertJtlsClientSaw(client, version, "gnutls hint");
    assertEquals("psk ok\n", client.received());
    assertEquals("- PSK authentication. Connected as 'alice'", server.awaitLine(".*Connected as .*").trim());
  }
}

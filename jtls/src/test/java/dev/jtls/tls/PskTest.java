package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.testing.NoNativeLeaks;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * TLS-PSK with jtls on both ends: what each pskCallback is given and what its answer does, the
 * identity hint, the verdict of a PSK client, and Node's errors for answers OpenSSL cannot take
 * and for callbacks that throw. The limits are the ones OpenSSL 3.0 passes (PSK_MAX_IDENTITY_LEN
 * 256, PSK_MAX_PSK_LEN 512; the spec's 128 and 256 are OpenSSL 1.1.0's), with node v20's messages.
 */
@ExtendWith(NoNativeLeaks.class)
class PskTest {
  private static final String CIPHERS = "PSK+HIGH:TLS_AES_128_GCM_SHA256";
  private static final byte[] KEY = bytes(32, 7);

  private final LoopPeers peers = new LoopPeers();
  private final List<String> serverSaw = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Throwable> clientError = new CompletableFuture<>();

  @AfterEach
  void closeServers() {
    peers.close();
  }

  private static byte[] bytes(int length, int value) {
    byte[] b = new byte[length];
    Arrays.fill(b, (byte) value);
    return b;
  }

  /** A PSK server answering {@code callback}, with {@code hint}; its 'tlsClientError's complete {@link #clientError}. */
  private int listen(PskServerCallback callback, String hint) {
    return peers.listen(() -> {
      TlsServer server = Tls.createServer(new ServerOptions().ciphers(CIPHERS).pskCallback(callback)
          .pskIdentityHint(hint), socket -> {
            serverSaw.add("secureConnection authorized=" + socket.authorized());
            socket.end();
          });
      server.on(TlsServer.TLS_CLIENT_ERROR, e -> clientError.complete(e.exception()));
      return server;
    });
  }

  private LoopPeers.Client connect(int port, String maxVersion, PskClientCallback callback) {
    return peers.connect(new ConnectOptions().host("127.0.0.1").port(port).ciphers(CIPHERS).maxVersion(maxVersion)
        .checkServerIdentity((host, cert) -> null).pskCallback(callback));
  }

  @Test
  void tls12ClientIsGivenTheHintAndTheServerTheIdentity() {
    List<String> hints = new CopyOnWriteArrayList<>();
    int port = listen((socket, identity) -> {
      serverSaw.add("identity " + identity);
      return KEY;
    }, "pick one");
    CompletableFuture<String> atSecureConnect = new CompletableFuture<>();
    LoopPeers.Client client = peers.connect(new ConnectOptions().host("127.0.0.1").port(port).ciphers(CIPHERS)
        .maxVersion("TLSv1.2").checkServerIdentity((host, cert) -> null).pskCallback(hint -> {
          hints.add(hint);
          return new PskClientCallback.Identity(KEY, "alice");
        }), socket -> socket.on(TlsSocket.SECURE_CONNECT, () -> atSecureConnect.complete(
            socket.getCipher().name() + " peer certificate empty=" + socket.getPeerCertificate(false).isEmpty())));
    LoopPeers.Authorization verdict = await(client.secureConnect);
    assertTrue(verdict.authorized(), "a PSK peer is authenticated by its key");
    assertNull(verdict.authorizationError());
    String seen = await(atSecureConnect);
    assertTrue(seen.contains("PSK") && seen.endsWith(" peer certificate empty=true"), seen);
    await(client.closed);
    assertEquals(List.of("pick one"), hints);
    assertEquals(List.of("identity alice", "secureConnection authorized=false"), serverSaw);
  }

  @Test
  void tls13ClientIsGivenNoHint() {
    List<String> hints = new CopyOnWriteArrayList<>();
    int port = listen((socket, identity) -> KEY, "ignored in TLSv1.3");
    LoopPeers.Client client = connect(port, "TLSv1.3", hint -> {
      hints.add(String.valueOf(hint));
      return new PskClientCallback.Identity(KEY, "alice");
    });
    assertTrue(await(client.secureConnect).authorized());
    await(client.closed);
    assertEquals(List.of("null"), hints, "TLSv1.3 (negotiated here) has no hint, even from a server that sets one");
  }

  @Test
  void theServerCallbackIsGivenTheSocketOfTheConnection() {
    CompletableFuture<TlsSocket> given = new CompletableFuture<>();
    int port = peers.listen(() -> Tls.createServer(new ServerOptions().ciphers(CIPHERS).pskCallback((socket, id) -> {
      given.complete(socket);
      return KEY;
    }), socket -> {
      assertSame(await(given), socket);
      serverSaw.add("same socket");
      socket.end();
    }));
    await(connect(port, "TLSv1.3", hint -> new PskClientCallback.Identity(KEY, "alice")).closed);
    assertEquals(List.of("same socket"), serverSaw);
  }

  @Test
  void tls12ServerRefusingTheIdentityIsUnknownPskIdentity() {
    int port = listen((socket, identity) -> null, null);
    Throwable e = connect(port, "TLSv1.2", hint -> new PskClientCallback.Identity(KEY, "mallory")).failure();
    assertEquals("ERR_SSL_TLSV1_ALERT_UNKNOWN_PSK_IDENTITY", ((NodeError) e).code());
    assertEquals("ERR_SSL_PSK_IDENTITY_NOT_FOUND", ((NodeError) await(clientError)).code());
  }

  /**
   * Node's advice for hiding which identities exist: random bytes for an unknown one fail the
   * handshake exactly as a known identity with a wrong key does (OpenSSL 3.0's alerts: TLSv1.3's
   * binder check gives illegal_parameter, TLSv1.2's Finished bad_record_mac).
   */
  @Test
  void aRandomKeyForAnUnknownIdentityFailsAsAWrongKeyDoes() {
    SecureRandom random = new SecureRandom();
    int port = listen((socket, identity) -> {
      if ("alice".equals(identity)) {
        return KEY;
      }
      byte[] decoy = new byte[KEY.length];
      random.nextBytes(decoy);
      return decoy;
    }, null);
    for (String version : List.of("TLSv1.3", "TLSv1.2")) {
      String unknown = ((NodeError) connect(port, version, hint -> new PskClientCallback.Identity(KEY, "mallory"))
          .failure()).code();
      String wrongKey = ((NodeError) connect(port, version, hint -> new PskClientCallback.Identity(bytes(32, 9), "alice"))
          .failure()).code();
      assertEquals(version.equals("TLSv1.3") ? "ERR_SSL_SSLV3_ALERT_ILLEGAL_PARAMETER" : "ERR_SSL_SSLV3_ALERT_BAD_RECORD_MAC",
          unknown, version);
      assertEquals(unknown, wrongKey, version);
    }
  }

  @Test
  void aClientGivingNoIdentityFailsTheHandshake() {
    int port = listen((socket, identity) -> KEY, null);
    Throwable e = connect(port, "TLSv1.2", hint -> null).failure();
    assertTrue(((NodeError) e).code().startsWith("ERR_SSL_"), String.valueOf(e));
  }

  @Test
  void aKeyLongerThanOpensslTakesIsNodesInvalidArgValue() {
    int port = listen((socket, identity) -> KEY, null);
    Throwable e = connect(port, "TLSv1.3", hint -> new PskClientCallback.Identity(bytes(513, 1), "alice")).failure();
    assertEquals("ERR_INVALID_ARG_VALUE", ((NodeError) e).code());
    assertTrue(e.getMessage().startsWith("The argument 'psk' Pre-shared key exceeds 512 bytes."), e.getMessage());
  }

  @Test
  void anIdentityLongerThanOpensslTakesIsNodesInvalidArgValue() {
    int port = listen((socket, identity) -> KEY, null);
    Throwable e = connect(port, "TLSv1.3", hint -> new PskClientCallback.Identity(KEY, "é".repeat(129))).failure();
    assertEquals("ERR_INVALID_ARG_VALUE", ((NodeError) e).code());
    assertTrue(e.getMessage().startsWith("The argument 'identity' PSK identity exceeds 256 bytes."), e.getMessage());
  }

  @Test
  void aClientAnswerWithoutKeyIsNodesInvalidArgType() {
    int port = listen((socket, identity) -> KEY, null);
    Throwable e = connect(port, "TLSv1.3", hint -> new PskClientCallback.Identity(null, "alice")).failure();
    assertEquals("ERR_INVALID_ARG_TYPE", ((NodeError) e).code());
  }

  @Test
  void aThrowingClientCallbackIsTheSocketsError() {
    int port = listen((socket, identity) -> KEY, null);
    IllegalStateException thrown = new IllegalStateException("no key here");
    assertSame(thrown, connect(port, "TLSv1.3", hint -> {
      throw thrown;
    }).failure());
  }

  @Test
  void aThrowingServerCallbackIsTheServersTlsClientError() {
    IllegalStateException thrown = new IllegalStateException("key store down");
    int port = listen((socket, identity) -> {
      throw thrown;
    }, null);
    connect(port, "TLSv1.2", hint -> new PskClientCallback.Identity(KEY, "alice")).failure();
    assertSame(thrown, await(clientError));
  }

  @Test
  void aServerKeyLongerThanOpensslTakesIsTheServersTlsClientError() {
    int port = listen((socket, identity) -> bytes(513, 1), null);
    connect(port, "TLSv1.2", hint -> new PskClientCallback.Identity(KEY, "alice")).failure();
    assertEquals("ERR_INVALID_ARG_VALUE", ((NodeError) await(clientError)).code());
  }

  @Test
  void optionBagsCheckTheTypesAsNodeDoes() {
    NodeError e = assertThrows(NodeError.class, () -> ServerOptions.fromMap(Map.of("pskCallback", 5)));
    assertEquals("The \"options.pskCallback\" property must be of type function. Received type number (5)", e.getMessage());
    e = assertThrows(NodeError.class, () -> ServerOptions.fromMap(Map.of("pskIdentityHint", 5)));
    assertEquals("The \"options.pskIdentityHint\" property must be of type string. Received type number (5)", e.getMessage());
    e = assertThrows(NodeError.class, () -> ConnectOptions.fromMap(Map.of("pskCallback", 5)));
    assertEquals("The \"pskCallback\" argument must be of type function. Received type number (5)", e.getMessage());
  }
}

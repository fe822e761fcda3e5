package dev.jtls.tls.interop;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.net.LoopTesting;
import dev.jtls.testing.NoNativeLeaks;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** TLS over Unix-domain sockets: {@code Tls.connect(path, ...)} to each server, and each client to a jtls server on a path. */
@ExtendWith(NoNativeLeaks.class)
class UnixSocketInteropTest {
  private static final byte[] UP = "up the unix socket\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DOWN = "down the unix socket\n".getBytes(StandardCharsets.US_ASCII);

  @TempDir
  Path workDir;

  private ServerPeer server;
  private SocketRecorder jtlsClient;
  private ClientPeer client;

  @AfterEach
  void cleanUp() {
    try {
      if (jtlsClient != null) {
        jtlsClient.destroy();
      }
      if (client != null) {
        client.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  @ParameterizedTest
  // Not JSSE (SSLServerSocket listens on TCP only) nor gnutls-serv (no Unix-socket option).
  @EnumSource(value = ServerPeer.Kind.class, names = {"JSSE", "GNUTLS"}, mode = EnumSource.Mode.EXCLUDE)
  void jtlsClientConnectsToAPathAndChecksTheCertificateAgainstLocalhost(ServerPeer.Kind kind) {
    Path socketPath = workDir.resolve("tls.sock");
    server = kind.start(new ServerSetup().path(socketPath), workDir);
    jtlsClient = SocketRecorder.connect(
        () -> Tls.connect(socketPath.toString(), new ConnectOptions().ca(Identity.ROOT_CA), null));
    jtlsClient.awaitSecure();
    server.awaitHandshake();
    assertTrue(LoopTesting.call(jtlsClient.socket.loop(), jtlsClient.socket::authorized));
    assertNull(LoopTesting.call(jtlsClient.socket.loop(), jtlsClient.socket::authorizationError));
    jtlsClient.onLoop(s -> s.write(UP));
    server.awaitReceived(UP);
    server.send(DOWN);
    jtlsClient.awaitReceived(DOWN);
    jtlsClient.onLoop(TlsSocket::end);
    server.awaitClientEnd();
    assertFalse(await(jtlsClient.closed), "closes without error");
  }

  @ParameterizedTest
  // Not JSSE (SSLSocket connects over TCP only) nor gnutls-cli (no Unix-socket option).
  @EnumSource(value = ClientPeer.Kind.class, names = {"JSSE", "GNUTLS"}, mode = EnumSource.Mode.EXCLUDE)
  void clientsReachAJtlsServerListeningOnAPath(ClientPeer.Kind kind) {
    Path socketPath = workDir.resolve("tls.sock");
    JtlsServerPeer jtls = JtlsServerPeer.start(new ServerSetup().path(socketPath));
    server = jtls;
    client = kind.start(new ClientSetup().path(socketPath), workDir);
    Handshake seen = client.awaitHandshake();
    assertTrue(seen.authorized());
    assertEquals(seen.protocol(), jtls.awaitHandshake().protocol());
    client.send(UP);
    server.awaitReceived(UP);
    server.send(DOWN);
    client.awaitReceived(DOWN);
    client.end();
    server.awaitClientEnd();
    client.awaitServerEnd();
  }
}

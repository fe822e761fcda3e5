package dev.jtls.tls.interop;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jtls.net.LoopTesting;
import dev.jtls.testing.NoNativeLeaks;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.TlsSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Handshake messages after the handshake, sent by the server: a TLSv1.2 renegotiation
 * (HelloRequest) and a TLSv1.3 key update, from s_server's stdin commands and from JSSE's
 * SSLSocket.startHandshake(). jtls's client must answer them and keep the data flowing both ways.
 * Not node (a Node server can neither renegotiate nor update keys on demand) nor gnutls-serv (no
 * command for either).
 */
@ExtendWith(NoNativeLeaks.class)
class RenegotiationInteropTest {
  @TempDir
  Path workDir;

  private ServerPeer server;
  private SocketRecorder client;

  @AfterEach
  void cleanUp() {
    try {
      if (client != null) {
        client.destroy();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  private OpensslServerPeer openssl(ServerSetup setup) {
    OpensslServerPeer openssl = OpensslServerPeer.start(setup, workDir);
    server = openssl;
    connect(new ConnectOptions());
    return openssl;
  }

  private JsseServerPeer jsse(ServerSetup setup) {
    JsseServerPeer jsse = JsseServerPeer.start(setup);
    server = jsse;
    connect(new ConnectOptions());
    return jsse;
  }

  private void connect(ConnectOptions options) {
    client = SocketRecorder.connect(options.host("127.0.0.1").port(server.port()).ca(Identity.ROOT_CA));
    client.awaitSecure();
    server.awaitHandshake();
  }

  /**
   * Data flows both ways across {@code trigger}. Around it, the client writes a line every
   * millisecond for a while, so some writes fall while the new handshake messages are in flight
   * (correctness does not depend on that timing); the last line, written long after the trigger,
   * reaching the server means the server has acted on it (s_server reads stdin first), and
   * "after" is then sent under whatever the trigger changed.
   */
  private void exchangeAround(Runnable trigger) {
    byte[] before = Payloads.random(64 * 1024, 5);
    client.onLoop(s -> s.write(before));
    server.awaitReceived(before);
    client.onLoop(s -> writeLineEachMillisecond(s, 0));
    trigger.run();
    server.awaitReceived(line(LINES - 1));
    byte[] after = Payloads.random(64 * 1024, 6);
    server.send(after);
    client.awaitReceived(after);
  }

  /** A last line reaches the server, then the client ends and both ends close without error. */
  private void lastLineThenEnd() {
    byte[] last = "last\n".getBytes(StandardCharsets.US_ASCII);
    client.onLoop(s -> s.write(last));
    server.awaitReceived(last);
    client.onLoop(s -> s.end());
    server.awaitClientEnd();
    assertFalse(await(client.closed));
    assertFalse(client.events.stream().anyMatch(e -> e.startsWith("error")), client.events.toString());
  }

  private static final int LINES = 200;

  private static byte[] line(int i) {
    return ("line " + i + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  private static void writeLineEachMillisecond(TlsSocket socket, int i) {
    if (i < LINES && !socket.destroyed()) {
      socket.write(line(i));
      socket.loop().setTimeout(() -> writeLineEachMillisecond(socket, i + 1), 1);
    }
  }

  /** 'r' renegotiates; 'R' also asks for a client certificate (jtls's client has none to send: an empty one). */
  @ParameterizedTest
  @ValueSource(chars = {'r', 'R'})
  void answersAServerRenegotiationAndKeepsExchangingData(char command) {
    OpensslServerPeer openssl = openssl(new ServerSetup().maxVersion("TLSv1.2"));
    exchangeAround(() -> openssl.command(command));
    lastLineThenEnd();
    openssl.awaitCompletedHandshakes(2); // s_server prints its statistics once the client has ended
  }

  @Test
  void followsAServerKeyUpdateThatRequestsOneInReturn() {
    OpensslServerPeer openssl = openssl(new ServerSetup());
    exchangeAround(() -> openssl.command('K'));
    assertEquals("TLSv1.3", LoopTesting.call(client.socket.loop(), client.socket::getProtocol));
    lastLineThenEnd();
  }

  /** JSSE's server renegotiates when asked for a new handshake on a TLSv1.2 connection (HelloRequest). */
  @Test
  void answersAJsseServerRenegotiationAndKeepsExchangingData() {
    JsseServerPeer jsse = jsse(new ServerSetup().maxVersion("TLSv1.2"));
    exchangeAround(jsse::startHandshake);
    jsse.awaitCompletedHandshakes(2);
    lastLineThenEnd();
  }

  /** On a TLSv1.3 connection JSSE's new handshake is a KeyUpdate that requests one in return. */
  @Test
  void followsAJsseServerKeyUpdate() {
    JsseServerPeer jsse = jsse(new ServerSetup());
    exchangeAround(jsse::startHandshake);
    assertEquals("TLSv1.3", LoopTesting.call(client.socket.loop(), client.socket::getProtocol));
    lastLineThenEnd();
  }

  /**
   * The client writes nothing while the server starts the new handshake: jtls must send its part
   * of it from reading alone. JSSE's handshake listener counts the renegotiation complete.
   */
  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
  void anIdleClientCompletesAJsseServersNewHandshake(String version) {
    JsseServerPeer jsse = jsse(new ServerSetup().maxVersion(version));
    jsse.startHandshake();
    if (version.equals("TLSv1.2")) {
      jsse.awaitCompletedHandshakes(2);
    }
    byte[] after = Payloads.random(16 * 1024, 7);
    jsse.send(after);
    client.awaitReceived(after);
    lastLineThenEnd();
  }
}

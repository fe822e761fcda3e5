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

/**
 * Handshake messages after the handshake, driven by s_server's stdin commands: a TLSv1.2
 * renegotiation and a TLSv1.3 key update.
 * jtls's client must answer them and keep the data flowing both ways.
 */
@ExtendWith(NoNativeLeaks.class)
class RenegotiationInteropTest {
  @TempDir
  Path workDir;

  private OpensslServerPeer server;
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

  private void connect(ServerSetup setup, ConnectOptions options) {
    server = OpensslServerPeer.start(setup, workDir);
    client = SocketRecorder.connect(options.host("127.0.0.1").port(server.port()).ca(Identity.ROOT_CA));
    client.awaitSecure();
    server.awaitHandshake();
  }

  /**
   * Data flows both ways across {@code command}. Around it, the client writes a line every
   * millisecond for a while, so some writes fall while the command's handshake messages are in
   * flight (correctness does not depend on that timing); the last line, written long after the
   * command, reaching the server means s_server has served the command (it reads stdin first),
   * and "after" is then sent under whatever the command changed.
   */
  private void exchangeAround(char command) {
    byte[] before = Payloads.random(64 * 1024, 5);
    client.onLoop(s -> s.write(before));
    server.awaitReceived(before);
    client.onLoop(s -> writeLineEachMillisecond(s, 0));
    server.command(command);
    server.awaitReceived(line(LINES - 1));
    byte[] after = Payloads.random(64 * 1024, 6);
    server.send(after);
    client.awaitReceived(after);
    byte[] last = "last\n".getBytes(StandardCharsets.US_ASCII);
    client.onLoop(s -> s.write(last));
    server.awaitReceived(last);
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

  @Test
  void answersAServerRenegotiationAndKeepsExchangingData() {
    connect(new ServerSetup().maxVersion("TLSv1.2"), new ConnectOptions());
    exchangeAround('r');
    client.onLoop(s -> s.end());
    server.awaitClientEnd();
    server.awaitCompletedHandshakes(2);
    assertFalse(await(client.closed));
  }

  @Test
  void followsAServerKeyUpdateThatRequestsOneInReturn() {
    connect(new ServerSetup(), new ConnectOptions());
    exchangeAround('K');
    assertEquals("TLSv1.3", LoopTesting.call(client.socket.loop(), client.socket::getProtocol));
    client.onLoop(s -> s.end());
    server.awaitClientEnd();
    assertFalse(await(client.closed));
  }
}

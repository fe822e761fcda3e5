package dev.jtls.tls.interop;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jtls.net.LoopTesting;
import dev.jtls.testing.NoNativeLeaks;
import dev.jtls.tls.ConnectOptions;
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
   * Data flows both ways across {@code command}: the client's "ping", sent after the command,
   * reaching the server means s_server has served the command; "after" is then sent under
   * whatever the command changed.
   */
  private void exchangeAround(char command) {
    byte[] before = Payloads.random(64 * 1024, 5);
    client.onLoop(s -> s.write(before));
    server.awaitReceived(before);
    server.command(command);
    byte[] ping = "ping\n".getBytes(StandardCharsets.US_ASCII);
    client.onLoop(s -> s.write(ping));
    server.awaitReceived(ping);
    byte[] after = Payloads.random(64 * 1024, 6);
    server.send(after);
    client.awaitReceived(after);
    byte[] last = "last\n".getBytes(StandardCharsets.US_ASCII);
    client.onLoop(s -> s.write(last));
    server.awaitReceived(last);
    assertFalse(client.events.stream().anyMatch(e -> e.startsWith("error")), client.events.toString());
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

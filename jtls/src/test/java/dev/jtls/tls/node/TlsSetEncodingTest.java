package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-tls-set-encoding.js: an 'ascii' decoder strips the high bit of each byte. */
class TlsSetEncodingTest {
  private static final String MESSAGE_UTF8 = "x\u221aab c";
  private static final String MESSAGE_ASCII = "xb\b\u001aab c";

  // pending: TlsSocket has no readyState() (Node: 'closed' at 'close')
  @Test
  @Timeout(20)
  void asciiEncodingOnTheClient() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      ServerOptions options = new ServerOptions()
          .key(readKey("agent2-key.pem")).cert(readKey("agent2-cert.pem")).loop(node.loop());
      TlsServer server = Tls.createServer(options, node.mustCall(socket -> socket.end(MESSAGE_UTF8)));
      server.listen(0, () -> {
        TlsSocket client = Tls.connect(new ConnectOptions()
            .port(server.address().port()).rejectUnauthorized(false).loop(node.loop()));
        StringBuilder buffer = new StringBuilder();
        client.setEncoding("ascii");
        client.on(Duplex.DATA_TEXT, d -> buffer.append(d));
        client.on(TlsSocket.SECURE_CONNECT, node.mustCall());
        client.on(Duplex.CLOSE, node.mustCall(hadError -> {
          assertEquals("closed", client.readyState());
          assertNotEquals(MESSAGE_UTF8, buffer.toString());
          assertEquals(MESSAGE_ASCII, buffer.toString());
          server.close();
        }));
      });
    });
  }
}

package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-tls-on-empty-socket.js: tls.connect over a net.Socket that connects afterwards. */
class TlsOnEmptySocketTest {
  @Test
  @Timeout(20)
  void connectOverASocketConnectedLater() {
    StringBuilder out = new StringBuilder();
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer server = Tls.createServer(new ServerOptions()
          .key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem")).loop(node.loop()),
          c -> c.end("hello"));
      server.listen(0, () -> {
        NetSocket socket = new NetSocket(node.loop(), null);
        TlsSocket[] s = new TlsSocket[1];
        s[0] = Tls.connect(new ConnectOptions().socket(socket).rejectUnauthorized(false).loop(node.loop()), () -> {
          s[0].on(Duplex.DATA, chunk -> out.append(new String(chunk, StandardCharsets.UTF_8)));
          s[0].on(Duplex.END, () -> {
            s[0].destroy();
            server.close();
          });
        });
        socket.connect(new NetConnectOptions().port(server.address().port()));
      });
    });
    assertEquals("hello", out.toString());
  }
}

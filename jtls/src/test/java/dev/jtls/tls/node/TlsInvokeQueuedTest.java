package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

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

/** Node's test/parallel/test-tls-invoke-queued.js: write callbacks run in order, and writes queued before destroy() still arrive. */
class TlsInvokeQueuedTest {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  @Timeout(20)
  void writeCallbacks() {
    StringBuilder received = new StringBuilder();
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer[] server = new TlsServer[1];
      server[0] = Tls.createServer(new ServerOptions()
          .key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem")).loop(node.loop()), node.mustCall(c -> {
            c.write(bytes("hello "), node.mustCall(e1 -> {
              c.write(bytes("world!"), node.mustCall(e2 -> c.destroy()));
              c.write(bytes(" gosh"), node.mustCall(e3 -> {}));
            }));
            server[0].close();
          }));
      server[0].listen(0, node.mustCall(() -> {
        TlsSocket[] c = new TlsSocket[1];
        c[0] = Tls.connect(server[0].address().port(), null, new ConnectOptions().rejectUnauthorized(false)
            .loop(node.loop()), node.mustCall(() -> {
              c[0].on(Duplex.DATA, chunk -> received.append(new String(chunk, StandardCharsets.UTF_8)));
              c[0].on(Duplex.END, node.mustCall(() -> assertEquals("hello world! gosh", received.toString())));
            }));
      }));
    });
  }
}

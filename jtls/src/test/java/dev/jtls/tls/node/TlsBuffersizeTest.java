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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-buffersize.js: {@code bufferSize} (net's deprecated alias of
 * {@code writableLength}) counts the characters written and not yet flushed.
 */
class TlsBuffersizeTest {
  private static final int ITER = 10;

  @Test
  @Timeout(20)
  void bufferSizeCountsQueuedWrites() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer[] server = new TlsServer[1];
      server[0] = Tls.createServer(new ServerOptions()
          .key(readKey("agent2-key.pem")).cert(readKey("agent2-cert.pem")).loop(node.loop()), node.mustCall(socket -> {
            StringBuilder str = new StringBuilder();
            socket.setEncoding("utf-8");
            socket.on(Duplex.DATA_TEXT, str::append);
            socket.on(Duplex.END, node.mustCall(() -> {
              assertEquals("a".repeat(ITER - 1), str.toString());
              server[0].close();
            }));
          }));
      server[0].listen(0, node.mustCall(() -> {
        TlsSocket[] client = new TlsSocket[1];
        client[0] = Tls.connect(new ConnectOptions()
            .port(server[0].address().port()).rejectUnauthorized(false).loop(node.loop()), node.mustCall(() -> {
              assertEquals(0L, client[0].bufferSize());
              for (int i = 1; i < ITER; i++) {
                client[0].write("a");
                assertEquals((long) i, client[0].bufferSize());
              }
              client[0].on(Duplex.FINISH, node.mustCall(() -> assertEquals(0L, client[0].bufferSize())));
              client[0].end();
            }));
      }));
    });
  }
}

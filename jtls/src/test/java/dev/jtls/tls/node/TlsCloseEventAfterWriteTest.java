package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;

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
 * Node's test/parallel/test-tls-close-event-after-write.js: the server ends with 1 MiB, the client
 * ends once it has read it all, and the server socket's 'close' follows.
 */
class TlsCloseEventAfterWriteTest {
  private static final int BUFFER_SIZE = 1024 * 1024;

  @Test
  @Timeout(20)
  void closeAfterBigWrite() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsSocket[] cconn = new TlsSocket[1];
      TlsSocket[] sconn = new TlsSocket[1];
      long[] readLen = {0};
      Runnable test = () -> {
        if (cconn[0] != null && sconn[0] != null) {
          cconn[0].resume();
          sconn[0].resume();
          sconn[0].end(new byte[BUFFER_SIZE]);
        }
      };
      TlsServer[] server = new TlsServer[1];
      server[0] = Tls.createServer(new ServerOptions()
          .key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem")).loop(node.loop()), c -> {
            c.on(Duplex.CLOSE, node.mustCall(hadError -> server[0].close()));
            sconn[0] = c;
            test.run();
          });
      server[0].listen(0, node.mustCall(() -> {
        TlsSocket[] client = new TlsSocket[1];
        client[0] = Tls.connect(server[0].address().port(), null, new ConnectOptions()
            .rejectUnauthorized(false).loop(node.loop()), node.mustCall(() -> {
              cconn[0] = client[0];
              cconn[0].on(Duplex.DATA, d -> {
                readLen[0] += d.length;
                if (readLen[0] == BUFFER_SIZE) {
                  cconn[0].end();
                }
              });
              test.run();
            }));
      }));
    });
  }
}

package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-fast-writing.js: a client writing until write() returns false gets
 * 'drain', and the server gets data, both before the test stops.
 *
 * <p>Node stops with {@code process.exit(0)} once both happened; Java cannot end the process, so
 * this port stops the same way a Node process ending would: it destroys both sockets and closes the
 * server, and ignores events after that.
 */
class TlsFastWritingTest {
  @Test
  @Timeout(20)
  void drainAndDataBeforeExit() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      boolean[] gotChunk = {false};
      boolean[] gotDrain = {false};
      TlsSocket[] conn = new TlsSocket[1];
      TlsSocket[] serverConn = new TlsSocket[1];
      TlsServer[] server = new TlsServer[1];
      boolean[] exited = {false};
      Runnable exit = () -> {
        exited[0] = true;
        conn[0].destroy();
        serverConn[0].destroy();
        server[0].close();
      };
      server[0] = Tls.createServer(new ServerOptions().key(readKey("rsa_private.pem")).cert(readKey("rsa_cert.crt"))
          .ca(List.of(readKey("rsa_ca.crt"))).loop(node.loop()), c -> {
            serverConn[0] = c;
            c.on(Duplex.DATA, chunk -> {
              if (exited[0]) {
                return;
              }
              gotChunk[0] = true;
              assertTrue(chunk.length > 0);
              if (gotDrain[0]) {
                exit.run();
              }
            });
          });
      server[0].listen(0, () -> {
        byte[] chunk = new byte[1024];
        Arrays.fill(chunk, (byte) 'x');
        Runnable write = () -> {
          while (conn[0].write(chunk)) {
            // Node: while (false !== conn.write(chunk));
          }
        };
        conn[0] = Tls.connect(new ConnectOptions().port(server[0].address().port()).rejectUnauthorized(false)
            .loop(node.loop()), () -> {
              conn[0].on(Duplex.DRAIN, () -> {
                if (exited[0]) {
                  return;
                }
                gotDrain[0] = true;
                if (gotChunk[0]) {
                  exit.run();
                  return;
                }
                write.run();
              });
              write.run();
            });
      });
    });
  }
}

package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Node's test/parallel/test-tls-connect-allow-half-open-option.js: allowHalfOpen defaults to false;
 * with it, a client may still write after the server ended.
 *
 * <p>Node's first two sockets pass {@code lookup() {}} (a lookup that never answers) so they never
 * connect; jtls has no {@code lookup} option yet, so they are destroyed right after the check instead.
 */
class TlsConnectAllowHalfOpenOptionTest {
  @Test
  @Timeout(20)
  void writeAfterPeerEnded() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsSocket first = Tls.connect(new ConnectOptions().port(42).loop(node.loop()));
      assertFalse(first.allowHalfOpen());
      first.destroy();
      TlsSocket second = Tls.connect(new ConnectOptions().port(42).allowHalfOpen(false).loop(node.loop()));
      assertFalse(second.allowHalfOpen());
      second.destroy();

      TlsServer[] server = new TlsServer[1];
      server[0] = Tls.createServer(new ServerOptions()
          .key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem")).loop(node.loop()), node.mustCall(socket -> {
            server[0].close();
            StringBuilder message = new StringBuilder();
            socket.setEncoding("utf8");
            socket.on(Duplex.DATA_TEXT, chunk -> {
              message.append(chunk);
              if (message.toString().equals("Hello")) {
                socket.end(message.toString());
                message.setLength(0);
              }
            });
            socket.on(Duplex.END, node.mustCall(() -> assertEquals("Bye", message.toString())));
          }));
      server[0].listen(0, node.mustCall(() -> {
        TlsSocket[] socket = new TlsSocket[1];
        socket[0] = Tls.connect(new ConnectOptions().port(server[0].address().port()).rejectUnauthorized(false)
            .allowHalfOpen(true).loop(node.loop()), node.mustCall(() -> {
              StringBuilder message = new StringBuilder();
              socket[0].on(Duplex.DATA_TEXT, message::append);
              socket[0].on(Duplex.END, node.mustCall(() -> {
                assertEquals("Hello", message.toString());
                node.loop().setTimeout(() -> {
                  assertTrue(socket[0].writable());
                  assertTrue(socket[0].write("Bye"));
                  socket[0].end();
                }, 50);
              }));
              socket[0].write("Hello");
            }));
        socket[0].setEncoding("utf8");
      }));
    });
  }
}

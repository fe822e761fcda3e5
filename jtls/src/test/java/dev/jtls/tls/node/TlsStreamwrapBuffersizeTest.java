package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-streamwrap-buffersize.js: TLS over a user Duplex piped to a
 * net.Socket; {@code bufferSize} counts the queued writes and is undefined (null) after close.
 */
class TlsStreamwrapBuffersizeTest {
  private static final int ITER = 10;

  @Test
  @Timeout(20)
  void bufferSizeOverAStreamWrap() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer[] server = new TlsServer[1];
      server[0] = Tls.createServer(new ServerOptions()
          .key(readKey("agent2-key.pem")).cert(readKey("agent2-cert.pem")).loop(node.loop()),
          node.mustCall(socket -> {
            StringBuilder str = new StringBuilder();
            socket.setEncoding("utf-8");
            socket.on(Duplex.DATA_TEXT, str::append);
            socket.on(Duplex.END, node.mustCall(() -> {
              assertEquals("a".repeat(ITER - 1), str.toString());
              server[0].close();
            }));
          }));
      server[0].listen(0, node.mustCall(() -> createDuplex(node, server[0].address().port(), serverSide -> {
        TlsSocket[] client = new TlsSocket[1];
        client[0] = Tls.connect(new ConnectOptions().socket(serverSide).rejectUnauthorized(false).loop(node.loop()),
            node.mustCall(() -> {
              assertEquals(0L, client[0].bufferSize());
              for (int i = 1; i < ITER; i++) {
                client[0].write("a");
                assertEquals((long) i, client[0].bufferSize());
              }
              client[0].on(Duplex.END, node.mustCall());
              client[0].on(Duplex.CLOSE, node.mustCall(hadError -> assertNull(client[0].bufferSize())));
              client[0].end();
            }));
      })));
    });
  }

  private static void createDuplex(NodeRun node, int port, Consumer<Duplex> resolve) {
    Duplex[] pair = NodeRun.duplexPair(node.loop());
    Duplex clientSide = pair[0];
    NetSocket[] socket = new NetSocket[1];
    socket[0] = Net.connect(new NetConnectOptions().port(port).loop(node.loop()), node.mustCall(() -> {
      clientSide.pipe(socket[0]);
      socket[0].pipe(clientSide);
      clientSide.on(Duplex.CLOSE, node.mustCall(hadError -> socket[0].destroy()));
      socket[0].on(Duplex.CLOSE, node.mustCall(hadError -> clientSide.destroy()));
      resolve.accept(pair[1]);
    }));
  }
}

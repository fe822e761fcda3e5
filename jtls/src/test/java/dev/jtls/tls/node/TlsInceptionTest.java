package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-inception.js: TLS inside TLS. Server a relays its plaintext to
 * server b over TCP; the client runs a second TLS session, with b, over its TLS socket to a.
 */
class TlsInceptionTest {
  @Test
  @Timeout(20)
  void tlsOverTls() {
    String body = "A".repeat(40000);
    NodeRun.run(getClass().getSimpleName(), node -> {
      ServerOptions options = new ServerOptions().key(readKey("rsa_private.pem")).cert(readKey("rsa_cert.crt"))
          .loop(node.loop());
      TlsServer[] b = new TlsServer[1];
      TlsServer a = Tls.createServer(options, socket -> {
        NetSocket dest = Net.connect(new NetConnectOptions().host("127.0.0.1").port(b[0].address().port())
            .loop(node.loop()));
        dest.pipe(socket);
        socket.pipe(dest);
        dest.on(Duplex.END, () -> socket.destroy());
      });
      b[0] = Tls.createServer(options, socket -> socket.end(body));
      a.listen(0, () -> b[0].listen(0, () -> {
        TlsSocket socket = Tls.connect(new ConnectOptions().host("127.0.0.1").port(a.address().port())
            .rejectUnauthorized(false).loop(node.loop()));
        TlsSocket ssl = Tls.connect(new ConnectOptions().socket(socket).rejectUnauthorized(false).loop(node.loop()));
        ssl.setEncoding("utf8");
        StringBuilder buf = new StringBuilder();
        ssl.on(Duplex.DATA_TEXT, buf::append);
        ssl.on(Duplex.END, node.mustCall(() -> {
          assertEquals(body, buf.toString());
          ssl.end();
          a.close();
          b[0].close();
        }));
      }));
    });
  }
}

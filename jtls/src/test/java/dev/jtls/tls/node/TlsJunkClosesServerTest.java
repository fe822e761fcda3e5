package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;

import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-tls-junk-closes-server.js: plain text instead of a ClientHello; the server ends the connection. */
class TlsJunkClosesServerTest {
  @Test
  @Timeout(20)
  void junkEndsConnection() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer server = Tls.createServer(new ServerOptions()
          .key(readKey("agent2-key.pem")).cert(readKey("agent2-cert.pem")).loop(node.loop()),
          node.mustNotCall("secureConnection"));
      server.listen(0, node.mustCall(() -> {
        NetSocket c = Net.createConnection(new NetConnectOptions().port(server.address().port()).host("localhost")
            .loop(node.loop()));
        c.on(NetSocket.CONNECT, node.mustCall(() -> c.write("blah\nblah\nblah\n")));
        c.on(Duplex.END, node.mustCall(() -> server.close()));
      }));
    });
  }
}

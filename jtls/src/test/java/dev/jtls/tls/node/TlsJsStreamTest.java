package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;

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

/** Node's test/parallel/test-tls-js-stream.js: a TLS client over a user Duplex relaying TCP, through to 'close'. */
class TlsJsStreamTest {
  @Test
  @Timeout(20)
  void tlsOverUserDuplex() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer server = Tls.createServer(new ServerOptions()
          .key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem")).loop(node.loop()), node.mustCall(c -> {
            c.resume();
            c.end("ohai");
          }));
      server.listen(0, node.mustCall(() -> {
        NetSocket raw = Net.connect(new NetConnectOptions().port(server.address().port()).host("localhost")
            .loop(node.loop()));
        RelayDuplex p = new RelayDuplex(node.loop(), raw);
        TlsSocket[] socket = new TlsSocket[1];
        socket[0] = Tls.connect(new ConnectOptions().socket(p).rejectUnauthorized(false).loop(node.loop()),
            node.mustCall(() -> {
              socket[0].resume();
              socket[0].end("hello");
            }));
        socket[0].once(Duplex.CLOSE, hadError -> server.close());
      }));
    });
  }
}

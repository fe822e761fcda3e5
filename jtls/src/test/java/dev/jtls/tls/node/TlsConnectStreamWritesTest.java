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
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-connect-stream-writes.js: TLS over a user Duplex that relays a TCP
 * socket; fifty writes then end reach the server intact.
 *
 * <p>The relay is {@link RelayDuplex}; unlike Node's it passes raw's EOF on (see there).
 */
class TlsConnectStreamWritesTest {
  private static final String CONTENT = "hello world";

  @Test
  @Timeout(20)
  void writesThroughUserDuplex() {
    ByteArrayOutputStream recv = new ByteArrayOutputStream();
    StringBuilder sendData = new StringBuilder();
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer server = Tls.createServer(new ServerOptions()
          .key(readKey("rsa_private.pem")).cert(readKey("rsa_cert.crt")).ca(List.of(readKey("rsa_ca.crt")))
          .ciphers("AES256-GCM-SHA384").loop(node.loop()), s -> s.on(Duplex.DATA, recv::writeBytes));
      server.listen(0, () -> {
        NetSocket raw = Net.connect(new NetConnectOptions().port(server.address().port()).host("localhost")
            .loop(node.loop()));
        RelayDuplex p = new RelayDuplex(node.loop(), raw);
        TlsSocket[] socket = new TlsSocket[1];
        socket[0] = Tls.connect(new ConnectOptions().socket(p).rejectUnauthorized(false).loop(node.loop()), () -> {
          for (int i = 0; i < 50; ++i) {
            socket[0].write(CONTENT);
            sendData.append(CONTENT);
          }
          socket[0].end();
          server.close();
        });
      });
    });
    // Node's process.on('exit') check
    assertEquals(sendData.toString(), recv.toString(StandardCharsets.UTF_8));
  }
}

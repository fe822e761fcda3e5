package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-tls-econnreset.js: a TCP client gone before the handshake is the server's 'tlsClientError' ECONNRESET "socket hang up". */
class TlsEconnresetTest {
  @Test
  @Timeout(20)
  void hangUpBeforeHandshake() {
    AtomicReference<Throwable> clientError = new AtomicReference<>();
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer server = Tls.createServer(new ServerOptions()
          .cert(readKey("agent1-cert.pem")).key(readKey("agent1-key.pem")).loop(node.loop()),
          node.mustNotCall("secureConnection"));
      server.on(TlsServer.TLS_CLIENT_ERROR, e -> {
        assertNull(clientError.get());
        assertNotNull(e.tlsSocket());
        clientError.set(e.exception());
        server.close();
      });
      server.listen(0, () -> {
        NetSocket[] socket = new NetSocket[1];
        socket[0] = Net.connect(new NetConnectOptions().port(server.address().port()).host("localhost")
            .loop(node.loop()));
        socket[0].once(NetSocket.CONNECT, () -> socket[0].destroy());
        socket[0].on(Duplex.ERROR, node.mustNotCall("error"));
      });
    });
    // Node's process.on('exit') checks
    assertNotNull(clientError.get());
    assertTrue(clientError.get().getMessage().matches("(?s).*socket hang up.*"));
    assertTrue(((NodeError) clientError.get()).code().matches(".*ECONNRESET.*"));
  }
}

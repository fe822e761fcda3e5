package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.net.Net;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetServerOptions;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsSocket;
import dev.jtls.tls.TlsSocketOptions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-socket-constructor-alpn-options-parsing.js: ALPNProtocols given to
 * {@code new TLSSocket} (with no socket, then wrapping an accepted one) are used by the server
 * side. The {@code server} option of {@code new TLSSocket} is not supported by jtls and left out.
 */
class TlsSocketConstructorAlpnOptionsParsingTest {
  // pending: new TlsSocket(null, options) throws NullPointerException (Node makes its own net.Socket)
  @Test
  @Timeout(20)
  void alpnOnAWrappedServerSocket() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      new TlsSocket(null, new TlsSocketOptions().alpnProtocols(List.of("http/1.1"))).destroy();
      NetServer[] server = new NetServer[1];
      server[0] = Net.createServer(new NetServerOptions().loop(node.loop()), node.mustCall(s -> {
        TlsSocket tlsSocket = new TlsSocket(s, new TlsSocketOptions().isServer(true)
            .key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem")).alpnProtocols(List.of("http/1.1")));
        tlsSocket.on(TlsSocket.SECURE, node.mustCall(() -> {
          assertEquals("http/1.1", tlsSocket.alpnProtocol());
          tlsSocket.end();
          server[0].close();
        }));
      }));
      server[0].listen(0, node.mustCall(() -> {
        TlsSocket[] client = new TlsSocket[1];
        client[0] = Tls.connect(new ConnectOptions().port(server[0].address().port()).rejectUnauthorized(false)
            .alpnProtocols(List.of("h2", "http/1.1")).loop(node.loop()), node.mustCall(() -> client[0].end()));
      }));
    });
  }
}

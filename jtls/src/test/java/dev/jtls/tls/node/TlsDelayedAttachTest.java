package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.net.Net;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetServerOptions;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.SecureContext;
import dev.jtls.tls.SecureContextOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsSocket;
import dev.jtls.tls.TlsSocketOptions;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-delayed-attach.js: a server wraps an accepted socket in a TLSSocket
 * 200 ms late, after the ClientHello (and more) arrived; the handshake and the data still go through.
 */
class TlsDelayedAttachTest {
  private static final String SENT = "hello world";

  @Test
  @Timeout(20)
  void lateWrap() {
    StringBuilder received = new StringBuilder();
    // Node's test makes the context inside the timer; here it is made once and closed at the end (jtls
    // frees a context's SSL_CTX on close, where Node leaves it to the garbage collector)
    try (SecureContext context = Tls.createSecureContext(
        new SecureContextOptions().key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem")))) {
      NodeRun.run(getClass().getSimpleName(), node -> {
        NetServer[] server = new NetServer[1];
        server[0] = Net.createServer(new NetServerOptions().loop(node.loop()), node.mustCall(c ->
            node.loop().setTimeout(() -> {
              TlsSocket s = new TlsSocket(c, new TlsSocketOptions().isServer(true).secureContext(context));
              s.on(Duplex.DATA, chunk -> received.append(new String(chunk, StandardCharsets.UTF_8)));
              s.on(Duplex.END, node.mustCall(() -> {
                server[0].close();
                s.destroy();
              }));
            }, 200)));
        server[0].listen(0, node.mustCall(() -> {
          TlsSocket[] c = new TlsSocket[1];
          c[0] = Tls.connect(server[0].address().port(), null, new ConnectOptions().rejectUnauthorized(false)
              .loop(node.loop()), () -> c[0].end(SENT));
        }));
      });
    }
    assertEquals(SENT, received.toString());
  }
}

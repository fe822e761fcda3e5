package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;

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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-socket-destroy.js: destroying a wrapped server socket in the middle
 * of a large incoming write. Node's test also calls the internal {@code socket._destroySSL()}
 * first; jtls has no such method (destroy() frees the SSL), and the {@code server} option of
 * {@code new TLSSocket} is not supported, so both are left out.
 */
class TlsSocketDestroyTest {
  @Test
  @Timeout(20)
  void destroyDuringALargeWrite() {
    // Node leaves the shared context to the garbage collector; jtls frees it on close
    try (SecureContext secureContext = Tls.createSecureContext(new SecureContextOptions()
        .key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem")))) {
      NodeRun.run(getClass().getSimpleName(), node -> {
        AtomicReference<NetServer> serverRef = new AtomicReference<>();
        NetServer server = Net.createServer(new NetServerOptions().loop(node.loop()), node.mustCall(conn -> {
          TlsSocket socket = new TlsSocket(conn, new TlsSocketOptions().isServer(true).secureContext(secureContext));
          socket.once(Duplex.DATA, node.mustCall(chunk -> {
            socket.destroy();
            serverRef.get().close();
          }));
        }));
        serverRef.set(server);
        server.listen(0, () -> {
          ConnectOptions options = new ConnectOptions()
              .port(server.address().port()).rejectUnauthorized(false).loop(node.loop());
          TlsSocket[] client = new TlsSocket[1];
          client[0] = Tls.connect(options, () -> {
            client[0].write("*".repeat(1 << 20));
            client[0].on(Duplex.ERROR, e -> client[0].destroy());
          });
        });
      });
    }
  }
}

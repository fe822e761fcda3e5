package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.property;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetServerOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.Tls;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-wrap-econnreset-socket.js: over a given socket the ECONNRESET
 * carries no host, port, path or local address (Node's undefined is null here).
 */
class TlsWrapEconnresetSocketTest {
  @Test
  @Timeout(20)
  void econnresetOverAGivenSocket() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetServer server = Net.createServer(new NetServerOptions().loop(node.loop()), c -> c.end());
      server.listen(0, node.mustCall(() -> {
        int port = server.address().port();
        NetSocket socket = new NetSocket(node.loop(), null);
        AtomicBoolean errored = new AtomicBoolean();
        Tls.connect(new ConnectOptions().socket(socket).loop(node.loop()))
            .once(Duplex.ERROR, node.mustCall(e -> {
              assertEquals("ECONNRESET", ((NodeError) e).code());
              assertNull(property(e, "path"));
              assertNull(property(e, "host"));
              assertNull(property(e, "port"));
              assertNull(property(e, "localAddress"));
              errored.set(true);
              server.close();
            }))
            .on(Duplex.CLOSE, node.mustCall(hadError -> assertTrue(errored.get())));
        socket.connect(new NetConnectOptions().port(port));
      }));
    });
  }
}

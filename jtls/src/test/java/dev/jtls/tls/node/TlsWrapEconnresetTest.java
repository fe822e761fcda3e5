package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.property;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.net.Net;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetServerOptions;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.Tls;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-wrap-econnreset.js: a server that ends before the handshake gives
 * tls.connect(port, host) ECONNRESET carrying host and port. Node's undefined is null here.
 */
class TlsWrapEconnresetTest {
  @Test
  @Timeout(20)
  void econnresetCarriesHostAndPort() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetServer server = Net.createServer(new NetServerOptions().loop(node.loop()), c -> c.end());
      server.listen(0, node.mustCall(() -> {
        int port = server.address().port();
        AtomicBoolean errored = new AtomicBoolean();
        Tls.connect(port, "127.0.0.1", new ConnectOptions().loop(node.loop()))
            .once(Duplex.ERROR, node.mustCall(e -> {
              assertEquals("ECONNRESET", ((NodeError) e).code());
              assertNull(property(e, "path"));
              assertEquals("127.0.0.1", property(e, "host"));
              assertEquals(port, property(e, "port"));
              assertNull(property(e, "localAddress"));
              server.close();
              errored.set(true);
            }))
            .on(Duplex.CLOSE, node.mustCall(hadError -> assertTrue(errored.get())));
      }));
    });
  }
}

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
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node's test/parallel/test-tls-wrap-econnreset-pipe.js: over a Unix socket the ECONNRESET before
 * the handshake carries the path and no host, port or local address. (Node runs it in a forked
 * child for a fresh tmpdir; a JUnit temporary directory does that here.)
 */
class TlsWrapEconnresetPipeTest {
  @TempDir
  Path tmpdir;

  @Test
  @Timeout(20)
  void econnresetCarriesThePath() {
    String pipe = tmpdir.resolve("econnreset.sock").toString();
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetServer server = Net.createServer(new NetServerOptions().loop(node.loop()), c -> c.end());
      server.listen(pipe, node.mustCall(() -> {
        AtomicBoolean errored = new AtomicBoolean();
        Tls.connect(new ConnectOptions().path(pipe).loop(node.loop()))
            .once(Duplex.ERROR, node.mustCall(e -> {
              assertEquals("ECONNRESET", ((NodeError) e).code());
              assertEquals(pipe, property(e, "path"));
              assertNull(property(e, "port"));
              assertNull(property(e, "host"));
              assertNull(property(e, "localAddress"));
              server.close();
              errored.set(true);
            }))
            .on(Duplex.CLOSE, node.mustCall(hadError -> assertTrue(errored.get())));
      }));
    });
  }
}

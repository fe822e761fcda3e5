package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-interleave.js: server writes made at once arrive whole and in
 * order while the client writes too. Node reads with 'readable' and {@code read()}; jtls has no
 * paused-mode read, so the same parsing runs on each 'data' chunk.
 */
class TlsInterleaveTest {
  private static final List<String> WRITES = List.of("some server data", "and a separate packet", "and one more");

  @Test
  @Timeout(20)
  void writesInOrder() {
    AtomicInteger receivedWrites = new AtomicInteger();
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer server = Tls.createServer(new ServerOptions().key(readKey("rsa_private.pem"))
          .cert(readKey("rsa_cert.crt")).ca(List.of(readKey("rsa_ca.crt"))).loop(node.loop()), c -> {
            c.resume();
            WRITES.forEach(c::write);
          });
      server.listen(0, node.mustCall(() -> {
        TlsSocket[] c = new TlsSocket[1];
        c[0] = Tls.connect(server.address().port(), null, new ConnectOptions().rejectUnauthorized(false)
            .loop(node.loop()), () -> {
              c[0].write("some client data");
              c[0].on(Duplex.DATA, chunk -> {
                String data = new String(chunk, StandardCharsets.UTF_8);
                while (!data.isEmpty()) {
                  String expected = WRITES.get(receivedWrites.get());
                  assertTrue(data.startsWith(expected), data);
                  data = data.substring(expected.length());
                  if (receivedWrites.incrementAndGet() == WRITES.size()) {
                    c[0].end();
                    server.close();
                  }
                }
              });
            });
      }));
    });
    assertEquals(WRITES.size(), receivedWrites.get());
  }
}

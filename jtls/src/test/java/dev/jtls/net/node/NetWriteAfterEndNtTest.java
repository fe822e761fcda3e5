package dev.jtls.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jtls.events.NodeError;
import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetServerOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-net-write-after-end-nt.js: a write after the peer's end (this side not
 * half-open, already ended) returns false and fails with EPIPE "This socket has been ended by the
 * other party", through the callback and an 'error' emitted on a later tick.
 */
class NetWriteAfterEndNtTest {
  // pending: the client that never reads gets no 'end' after the server's FIN, so nothing is written after it (Node: 'end' when nothing is buffered, then EPIPE)
  @Tag("node-pending")
  @Test
  @Timeout(20)
  void writeAfterPeerEnd() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetServer server = Net.createServer(new NetServerOptions().loop(node.loop()), node.mustCall(socket -> socket.end()));
      server.listen(0, () -> {
        NetSocket[] client = new NetSocket[1];
        client[0] = Net.connect(new NetConnectOptions().port(server.address().port()).loop(node.loop()), () -> {
          AtomicBoolean hasError = new AtomicBoolean();
          client[0].on(Duplex.ERROR, node.mustCall(err -> {
            hasError.set(true);
            server.close();
          }));
          client[0].on(Duplex.END, node.mustCall(() -> {
            boolean ret = client[0].write("hello".getBytes(StandardCharsets.UTF_8), node.mustCall(err -> {
              assertEquals("EPIPE", ((NodeError) err).code());
              assertEquals("This socket has been ended by the other party", err.getMessage());
            }));
            assertFalse(ret);
            assertFalse(hasError.get(), "The error should be emitted in the next tick.");
          }));
          client[0].end();
        });
      });
    });
  }
}

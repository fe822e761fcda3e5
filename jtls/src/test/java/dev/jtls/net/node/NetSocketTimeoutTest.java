package dev.jtls.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtls.events.NodeError;
import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetServerOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.testing.NodeRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-net-socket-timeout.js: argument checks of setTimeout, then a 1 ms
 * timeout on a connecting socket; setTimeout on a destroyed socket returns it and never fires.
 * Java cannot express Node's non-numeric delays, fractional or infinite delays, NaN, or callbacks
 * that are not functions (the parameters are a long and a Runnable); of the bad ranges, -1 is
 * ported. 0.001 becomes 1 ms.
 */
class NetSocketTimeoutTest {
  @Test
  @Timeout(20)
  void argumentsAndATimeoutThatFires() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetSocket s = new NetSocket(node.loop(), null);
      NodeError e = assertThrows(NodeError.class, () -> s.setTimeout(-1, () -> {}));
      assertEquals("ERR_OUT_OF_RANGE", e.code());
      for (long delay : new long[] {0, 1, 1, 1_000_000}) {
        s.setTimeout(delay, () -> {});
      }
      s.setTimeout(0);
      NetServer server = Net.createServer(new NetServerOptions().loop(node.loop()));
      server.listen(0, node.mustCall(() -> {
        NetSocket socket = Net.createConnection(new NetConnectOptions().port(server.address().port()).loop(node.loop()));
        NetSocket[] self = {socket};
        assertSame(socket, socket.setTimeout(1, node.mustCall(() -> {
          self[0].destroy();
          assertSame(self[0], self[0].setTimeout(1, node.mustNotCallRunnable("timeout after destroy")));
          server.close();
        })));
      }));
    });
  }
}

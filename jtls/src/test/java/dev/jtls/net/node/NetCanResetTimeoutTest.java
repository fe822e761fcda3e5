package dev.jtls.net.node;

import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetServerOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-net-can-reset-timeout.js: a server connection's timeout fires once
 * (once listener), the write in it resets the timer, and the connection ends when the client does.
 */
class NetCanResetTimeoutTest {
  @Test
  @Timeout(20)
  void timeoutThenWriteThenEnd() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetServer[] server = new NetServer[1];
      server[0] = Net.createServer(new NetServerOptions().loop(node.loop()), node.mustCall(stream -> {
        stream.setTimeout(100);
        stream.resume();
        stream.once(NetSocket.TIMEOUT, node.mustCall(() -> stream.write("WHAT.")));
        stream.on(Duplex.END, node.mustCall(() -> stream.end()));
      }));
      server[0].listen(0, node.mustCall(() -> {
        NetSocket c = Net.createConnection(new NetConnectOptions().port(server[0].address().port()).loop(node.loop()));
        c.on(Duplex.DATA, d -> c.end());
        c.on(Duplex.END, () -> server[0].close());
      }));
    });
  }
}

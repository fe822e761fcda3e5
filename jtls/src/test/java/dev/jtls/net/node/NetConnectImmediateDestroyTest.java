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
 * Node's test/parallel/test-net-connect-immediate-destroy.js: a socket destroyed while connecting
 * never connects and reports no error. Node's listen(0) knows its port at once; jtls's listen is
 * asynchronous, so the rest runs in the listening callback.
 */
class NetConnectImmediateDestroyTest {
  @Test
  @Timeout(20)
  void destroyWhileConnecting() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetServer server = Net.createServer(new NetServerOptions().loop(node.loop()));
      server.listen(0, () -> {
        int port = server.address().port();
        NetSocket socket = Net.connect(new NetConnectOptions().port(port).host("127.0.0.1").loop(node.loop()),
            node.mustNotCallRunnable("connect"));
        socket.on(Duplex.ERROR, node.mustNotCall("error"));
        server.close();
        socket.destroy();
      });
    });
  }
}

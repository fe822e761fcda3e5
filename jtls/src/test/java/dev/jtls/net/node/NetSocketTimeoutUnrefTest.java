package dev.jtls.net.node;

import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetServerOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.testing.NodeRun;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-net-socket-timeout-unref.js: unref'd sockets with pending timeouts, on
 * an unref'd server whose connections are unref'd, let the process exit before any timeout fires.
 * Node's listen(0) knows its port at once; here the connections start in the listening callback.
 */
class NetSocketTimeoutUnrefTest {
  record Pending(NetSocket socket, long timeout) {}

  @Test
  @Timeout(20)
  void unrefSocketsWithTimeoutsLetTheLoopEnd() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetServer server = Net.createServer(new NetServerOptions().loop(node.loop()), c -> {
        c.write("hello");
        c.unref();
      });
      AtomicInteger connections = new AtomicInteger();
      List<Pending> sockets = new ArrayList<>();
      long[] delays = {8, 5, 3, 6, 2, 4};
      server.listen(0, () -> {
        for (long t : delays) {
          NetSocket socket = Net.createConnection(new NetConnectOptions().port(server.address().port())
              .host("localhost").loop(node.loop()));
          socket.on(NetSocket.CONNECT, node.mustCall(() -> {
            if (connections.incrementAndGet() == delays.length) {
              sockets.forEach(s -> {
                s.socket().setTimeout(s.timeout(), () -> {
                  s.socket().destroy();
                  throw new AssertionError("socket timed out unexpectedly");
                });
                s.socket().unref();
              });
            }
          }));
          sockets.add(new Pending(socket, t * 1000));
        }
      });
      server.unref();
    });
  }
}

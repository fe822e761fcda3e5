package dev.jtls.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetServerOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-net-server-pause-on-connect.js: a pauseOnConnect connection reads
 * nothing (bytesRead 0) until resumed, while one on a normal server reads at once.
 */
class NetServerPauseOnConnectTest {
  private static final String MSG = "test";

  // pending: the clients that never read never see the servers' end, so they never close and the loop never drains (Node: exit)
  @Test
  @Timeout(20)
  void nothingReadUntilResume() {
    AtomicBoolean stopped = new AtomicBoolean(true);
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetSocket[] server1Sock = new NetSocket[1];
      NetServer[] server1 = new NetServer[1];
      NetServer[] server2 = new NetServer[1];
      server1[0] = Net.createServer(new NetServerOptions().pauseOnConnect(true).loop(node.loop()), socket -> {
        socket.on(Duplex.DATA, node.guard(data -> {
          assertFalse(stopped.get(), "data event should not have happened yet");
          assertEquals(MSG, new String(data, StandardCharsets.UTF_8));
          socket.end();
          server1[0].close();
        }));
        server1Sock[0] = socket;
      });
      server2[0] = Net.createServer(new NetServerOptions().pauseOnConnect(false).loop(node.loop()), socket ->
          socket.on(Duplex.DATA, node.guard(data -> {
            assertEquals(MSG, new String(data, StandardCharsets.UTF_8));
            socket.end();
            server2[0].close();
            assertEquals(0, server1Sock[0].bytesRead());
            server1Sock[0].resume();
            stopped.set(false);
          })));
      server1[0].listen(0, () -> {
        Runnable clientHandler = node.mustCall(() -> server2[0].listen(0, () ->
            Net.createConnection(new NetConnectOptions().port(server2[0].address().port()).loop(node.loop()))
                .write(MSG)));
        Net.createConnection(new NetConnectOptions().port(server1[0].address().port()).loop(node.loop()))
            .write(MSG.getBytes(StandardCharsets.UTF_8), e -> clientHandler.run());
      });
    });
    assertFalse(stopped.get());
  }
}

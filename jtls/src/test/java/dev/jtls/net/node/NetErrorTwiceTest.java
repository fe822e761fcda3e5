package dev.jtls.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetServerOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-net-error-twice.js: writing 10 MiB to a peer that was destroyed gives
 * the server connection exactly one 'error', never the same one twice.
 */
class NetErrorTwiceTest {
  @Test
  @Timeout(20)
  void oneErrorForAWriteToADestroyedPeer() {
    byte[] buf = new byte[10 * 1024 * 1024];
    Arrays.fill(buf, (byte) 0x62);
    List<Throwable> errs = new CopyOnWriteArrayList<>();
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetSocket[] clientSocket = new NetSocket[1];
      NetSocket[] serverSocket = new NetSocket[1];
      Runnable ready = () -> {
        if (clientSocket[0] != null && serverSocket[0] != null) {
          clientSocket[0].destroy();
          serverSocket[0].write(buf);
        }
      };
      NetServer[] server = new NetServer[1];
      server[0] = Net.createServer(new NetServerOptions().loop(node.loop()), conn -> {
        conn.on(Duplex.ERROR, node.guard(err -> {
          errs.add(err);
          if (errs.size() > 1 && errs.get(0) == errs.get(1)) {
            throw new AssertionError("Should not emit the same error twice");
          }
        }));
        conn.on(Duplex.CLOSE, hadError -> server[0].unref());
        serverSocket[0] = conn;
        ready.run();
      });
      server[0].listen(0, () -> {
        NetSocket client = Net.connect(new NetConnectOptions().port(server[0].address().port()).loop(node.loop()));
        client.on(NetSocket.CONNECT, () -> {
          clientSocket[0] = client;
          ready.run();
        });
      });
    });
    assertEquals(1, errs.size(), errs.toString());
  }
}

package dev.jtls.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetServerOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-net-write-connect-write.js: a write queued while connecting goes first, then one after 'connect'. */
class NetWriteConnectWriteTest {
  @Test
  @Timeout(20)
  void writeBeforeAndAfterConnect() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      NetServer server = Net.createServer(new NetServerOptions().loop(node.loop()), socket -> socket.pipe(socket));
      server.listen(0, node.mustCall(() -> {
        NetSocket conn = Net.connect(new NetConnectOptions().port(server.address().port()).loop(node.loop()));
        StringBuilder received = new StringBuilder();
        conn.setEncoding("utf8");
        conn.write("before");
        conn.on(NetSocket.CONNECT, () -> conn.write(" after"));
        conn.on(Duplex.DATA_TEXT, buf -> {
          received.append(buf);
          conn.end();
        });
        conn.on(Duplex.END, node.mustCall(() -> {
          server.close();
          assertEquals("before after", received.toString());
        }));
      }));
    });
  }
}

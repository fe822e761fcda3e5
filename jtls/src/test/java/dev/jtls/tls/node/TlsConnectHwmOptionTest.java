package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-connect-hwm-option.js: the {@code highWaterMark} option of
 * tls.connect sets readableHighWaterMark (128000, the 16 KiB default when undefined, and 0). The
 * options are Node-style option bags, so undefined is a key holding null, as in Node's test.
 */
class TlsConnectHwmOptionTest {
  @Test
  @Timeout(20)
  void readableHighWaterMark() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      int[] clients = {0};
      TlsServer[] server = new TlsServer[1];
      server[0] = Tls.createServer(new ServerOptions()
          .key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem")).loop(node.loop()), node.mustCall(3, s -> {
            if (--clients[0] == 0) {
              server[0].close();
            }
          }));
      server[0].listen(0, node.mustCall(() -> {
        for (Integer hwm : new Integer[] {128000, null, 0}) {
          clients[0]++;
          Map<String, Object> options = new HashMap<>();
          options.put("port", server[0].address().port());
          options.put("rejectUnauthorized", false);
          options.put("highWaterMark", hwm);
          int expected = hwm == null ? 16 * 1024 : hwm;
          TlsSocket[] socket = new TlsSocket[1];
          socket[0] = Tls.connect(ConnectOptions.fromMap(options).loop(node.loop()), node.mustCall(() -> {
            assertEquals(expected, socket[0].readableHighWaterMark());
            socket[0].end();
          }));
        }
      }));
    });
  }
}

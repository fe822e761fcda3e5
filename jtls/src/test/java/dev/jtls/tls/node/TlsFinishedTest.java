package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Node's test/parallel/test-tls-finished.js: getFinished()/getPeerFinished() are absent before the
 * handshake (Node's undefined is null in jtls) and each side's Finished equals what the other
 * received.
 */
class TlsFinishedTest {
  @Test
  @Timeout(20)
  void finishedMessages() {
    Map<String, byte[]> msg = new HashMap<>();
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer[] server = new TlsServer[1];
      server[0] = Tls.createServer(new ServerOptions()
          .key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem")).loop(node.loop()), node.mustCall(alice -> {
            msg.put("server.alice", alice.getFinished());
            msg.put("server.bob", alice.getPeerFinished());
            server[0].close();
          }));
      server[0].listen(0, node.mustCall(() -> {
        TlsSocket[] bob = new TlsSocket[1];
        bob[0] = Tls.connect(new ConnectOptions().port(server[0].address().port()).rejectUnauthorized(false)
            .loop(node.loop()), node.mustCall(() -> {
              msg.put("client.alice", bob[0].getPeerFinished());
              msg.put("client.bob", bob[0].getFinished());
              bob[0].end();
            }));
        msg.put("before.alice", bob[0].getPeerFinished());
        msg.put("before.bob", bob[0].getFinished());
      }));
    });
    // Node's process.on('exit') checks
    assertNull(msg.get("before.alice"));
    assertNull(msg.get("before.bob"));
    for (String key : new String[] {"server.alice", "server.bob", "client.alice", "client.bob"}) {
      assertTrue(msg.get(key) != null && msg.get(key).length > 0, key);
    }
    assertArrayEquals(msg.get("server.alice"), msg.get("client.alice"));
    assertArrayEquals(msg.get("server.bob"), msg.get("client.bob"));
  }
}

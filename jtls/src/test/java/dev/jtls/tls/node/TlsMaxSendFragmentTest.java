package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-max-send-fragment.js: sizes outside 512..16384 are refused, 768 is
 * taken, and then no record carries more than 768 bytes. Node's type checks (no argument, null,
 * strings, objects, NaN, Infinity, 2**31, a Symbol) cannot be expressed in Java: the parameter is
 * an int, so the compiler rejects them.
 */
class TlsMaxSendFragmentTest {
  private static final int MAX_CHUNK = 768;

  @Test
  @Timeout(20)
  void recordsNoLargerThanTheFragment() {
    byte[] buf = new byte[10000];
    AtomicInteger received = new AtomicInteger();
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer server = Tls.createServer(new ServerOptions()
          .key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem")).loop(node.loop()), node.guard(c -> {
            assertFalse(c.setMaxSendFragment(511));
            assertFalse(c.setMaxSendFragment(16385));
            assertTrue(c.setMaxSendFragment(MAX_CHUNK));
            c.end(buf);
          }));
      server.listen(0, node.mustCall(() -> {
        TlsSocket[] c = new TlsSocket[1];
        c[0] = Tls.connect(server.address().port(), new ConnectOptions().rejectUnauthorized(false).loop(node.loop()));
        c[0].once(TlsSocket.SECURE_CONNECT, node.mustCall(() -> {
          c[0].on(Duplex.DATA, node.guard(chunk -> {
            assertTrue(chunk.length <= MAX_CHUNK, chunk.length + " > " + MAX_CHUNK);
            received.addAndGet(chunk.length);
          }));
          c[0].on(Duplex.END, node.mustCall(() -> {
            c[0].destroy();
            server.close();
            assertEquals(buf.length, received.get());
          }));
        }));
      }));
    });
  }
}

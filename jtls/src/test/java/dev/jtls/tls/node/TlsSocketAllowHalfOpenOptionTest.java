package dev.jtls.tls.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.TlsSocket;
import dev.jtls.tls.TlsSocketOptions;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-socket-allow-half-open-option.js: {@code allowHalfOpen} of
 * {@code new TLSSocket} counts only when the TLSSocket makes its own transport; over a given socket
 * or Duplex it is false. Each socket is destroyed at the end so the run ends (Node's process exits
 * with them unconnected; jtls's loop would too, the destroy only frees the SSL at once).
 */
class TlsSocketAllowHalfOpenOptionTest {
  // pending: new TlsSocket(null, options) throws NullPointerException (Node makes its own net.Socket)
  @Tag("node-pending")
  @Test
  @Timeout(20)
  void allowHalfOpenOnlyWithoutAGivenSocket() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsSocketOptions halfOpen = TlsSocketOptions.fromMap(Map.of("allowHalfOpen", true));
      TlsSocket overNet = new TlsSocket(new NetSocket(node.loop(), null), halfOpen);
      assertFalse(overNet.allowHalfOpen());
      overNet.destroy();

      // Node's Duplex here has allowHalfOpen: false and a read() that does nothing
      Duplex duplex = new Duplex(node.loop(), false) {
        @Override
        protected void _write(byte[] chunk, Consumer<Throwable> done) {
          done.accept(null);
        }

        @Override
        protected void _final(Consumer<Throwable> done) {
          done.accept(null);
        }
      };
      TlsSocket overDuplex = new TlsSocket(duplex, halfOpen);
      assertFalse(overDuplex.allowHalfOpen());
      overDuplex.destroy();

      TlsSocket noArgs = new TlsSocket(null, null);
      assertFalse(noArgs.allowHalfOpen());
      noArgs.destroy();

      TlsSocket ownTransport = new TlsSocket(null, halfOpen);
      assertTrue(ownTransport.allowHalfOpen());
      ownTransport.destroy();
    });
  }
}

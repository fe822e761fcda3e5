package dev.jtls.tls.node;

import dev.jtls.net.EventLoop;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsSocket;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-destroy-whilst-write.js: a TLS client over a Duplex whose writes
 * complete a moment later is destroyed while its ClientHello write is pending; the program still
 * ends. Node's {@code setImmediate} is a 0 ms timer here (jtls's loop has no setImmediate).
 */
class TlsDestroyWhilstWriteTest {
  /** The test's {@code delay} stream: reads nothing, completes each write on a later turn. */
  static final class Delay extends Duplex {
    Delay(EventLoop loop) {
      super(loop, false);
    }

    @Override
    protected void _write(byte[] chunk, Consumer<Throwable> done) {
      loop().setTimeout(() -> done.accept(null), 0);
    }

    @Override
    protected void _final(Consumer<Throwable> done) {
      done.accept(null);
    }
  }

  @Test
  @Timeout(20)
  void destroyWithWritePending() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsSocket secure = Tls.connect(new ConnectOptions().socket(new Delay(node.loop())).loop(node.loop()));
      node.loop().setTimeout(secure::destroy, 0);
    });
  }
}

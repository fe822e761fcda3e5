package dev.jtls.tls.node;

import dev.jtls.net.EventLoop;
import dev.jtls.stream.Duplex;
import java.util.function.Consumer;

/**
 * Node's test/common/duplexpair.js: two connected in-memory Duplex ends. A write is pushed to the
 * other end and completes when that end asks for more ({@code _read}); ending one end ends the other.
 */
final class DuplexPair extends Duplex {
  private DuplexPair otherSide;
  private Runnable callback;

  private DuplexPair(EventLoop loop) {
    super(loop, false);
  }

  /** {@code makeDuplexPair()}: {clientSide, serverSide}. */
  static DuplexPair[] make(EventLoop loop) {
    DuplexPair clientSide = new DuplexPair(loop);
    DuplexPair serverSide = new DuplexPair(loop);
    clientSide.otherSide = serverSide;
    serverSide.otherSide = clientSide;
    return new DuplexPair[] {clientSide, serverSide};
  }

  @Override
  protected void _read() {
    Runnable pending = callback;
    if (pending != null) {
      callback = null;
      pending.run();
    }
  }

  @Override
  protected void _write(byte[] chunk, Consumer<Throwable> done) {
    if (chunk.length == 0) {
      loop().nextTick(() -> done.accept(null));
      return;
    }
    otherSide.callback = () -> done.accept(null);
    otherSide.push(chunk);
  }

  @Override
  protected void _final(Consumer<Throwable> done) {
    otherSide.once(END, () -> done.accept(null));
    otherSide.pushEnd();
  }
}

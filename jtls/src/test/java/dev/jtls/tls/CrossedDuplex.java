package dev.jtls.tls;

import dev.jtls.net.EventLoop;
import dev.jtls.stream.Duplex;
import java.util.function.Consumer;

/**
 * One end of an in-memory pipe: what is written to one end is read from the other, on the next
 * tick of their loop. A user-written Duplex, as Node's "TLS over any Duplex" means, with no socket.
 */
final class CrossedDuplex extends Duplex {
  private CrossedDuplex peer;

  private CrossedDuplex(EventLoop loop) {
    super(loop, false);
  }

  /** Two connected ends. */
  static CrossedDuplex[] pair(EventLoop loop) {
    CrossedDuplex a = new CrossedDuplex(loop);
    CrossedDuplex b = new CrossedDuplex(loop);
    a.peer = b;
    b.peer = a;
    return new CrossedDuplex[] {a, b};
  }

  @Override
  protected void _write(byte[] chunk, Consumer<Throwable> done) {
    loop().nextTick(() -> peer.push(chunk));
    done.accept(null);
  }

  @Override
  protected void _final(Consumer<Throwable> done) {
    loop().nextTick(peer::pushEnd);
    done.accept(null);
  }
}

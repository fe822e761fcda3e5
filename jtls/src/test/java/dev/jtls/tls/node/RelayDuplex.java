package dev.jtls.tls.node;

import dev.jtls.net.EventLoop;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import java.util.function.Consumer;

/**
 * The user Duplex of Node's test-tls-connect-stream-writes.js and test-tls-js-stream.js
 * ({@code new stream.Duplex({read, write})}) relaying a TCP socket {@code raw}: writes go to raw,
 * raw's data is pushed, and raw's EOF ends it (test-tls-js-stream.js's {@code p.push(null)}).
 *
 * <p>Node's relay pulls with {@code raw.read()} on 'readable'; jtls's sockets have no paused-mode
 * read, so this one takes raw's 'data' and pauses raw while its own buffer is full, which is the
 * same flow control. test-tls-connect-stream-writes.js's relay never passes the EOF on and leaves
 * the TLS socket to the garbage collector; jtls frees a TLS socket's SSL when it closes, so this
 * one passes the EOF on in both tests.
 */
final class RelayDuplex extends Duplex {
  private final NetSocket raw;

  RelayDuplex(EventLoop loop, NetSocket raw) {
    super(loop, false);
    this.raw = raw;
    raw.on(DATA, chunk -> {
      if (!push(chunk)) {
        raw.pause();
      }
    });
    raw.on(END, this::pushEnd);
  }

  @Override
  protected void _read() {
    raw.resume();
  }

  @Override
  protected void _write(byte[] chunk, Consumer<Throwable> done) {
    raw.write(chunk, done);
  }

  @Override
  protected void _final(Consumer<Throwable> done) {
    done.accept(null);
  }
}

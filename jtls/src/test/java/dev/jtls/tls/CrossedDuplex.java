package dev.jtls.tls;

import dev.jtls.net.EventLoop;
import dev.jtls.stream.Duplex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One end of an in-memory pipe: what is written to one end is read from the other, on the next
 * tick of their loop. A user-written Duplex, as Node's "TLS over any Duplex" means, with no socket.
 */
final class CrossedDuplex extends Duplex {
  private static final Path PKI = Path.of("src/test/resources/pki");

  private CrossedDuplex peer;
  private boolean stalled;
  private final List<Runnable> held = new ArrayList<>();

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

  /** A server TlsSocket over this end, with the test PKI's EC server identity. */
  TlsSocket tlsServer() {
    return new TlsSocket(this, new TlsSocketOptions().isServer(true)
        .key(PKI.resolve("server-ec.key")).cert(PKI.resolve("server-ec-chain.pem")));
  }

  /** tls.connect over this end, for localhost, trusting the test PKI's root. */
  TlsSocket tlsClient() {
    return Tls.connect(new ConnectOptions().socket(this).servername("localhost").ca(PKI.resolve("root-ca.pem")));
  }

  /** From now on writes are held unacknowledged, as by a peer that stopped reading. */
  void stall() {
    stalled = true;
  }

  /** Delivers and acknowledges the held writes, and stops holding new ones. */
  void release() {
    stalled = false;
    List<Runnable> deliveries = List.copyOf(held);
    held.clear();
    deliveries.forEach(Runnable::run);
  }

  @Override
  protected void _write(byte[] chunk, Consumer<Throwable> done) {
    Runnable deliver = () -> {
      loop().nextTick(() -> peer.push(chunk));
      done.accept(null);
    };
    if (stalled) {
      held.add(deliver);
    } else {
      deliver.run();
    }
  }

  @Override
  protected void _final(Consumer<Throwable> done) {
    loop().nextTick(peer::pushEnd);
    done.accept(null);
  }
}

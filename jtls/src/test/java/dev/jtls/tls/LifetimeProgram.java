package dev.jtls.tls;

import dev.jtls.stream.Duplex;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The child program of {@link LoopLifetimeTest}: a TLS server that answers "ping" with "pong".
 * {@code serve}: main returns right after listen. {@code serveOnce}: after one exchange it closes
 * the server and the connection, leaving no handle. {@code serveTwiceOnLoops}: the same over a group
 * of 4 loops (the two connections on two loops), closing after the second exchange.
 */
public final class LifetimeProgram {
  private LifetimeProgram() {}

  public static void main(String[] args) {
    boolean onLoops = args[0].equals("serveTwiceOnLoops");
    boolean once = args[0].equals("serveOnce") || onLoops;
    int exchanges = onLoops ? 2 : 1;
    AtomicInteger done = new AtomicInteger();
    SelfSignedIdentity identity = SelfSignedIdentity.generate("localhost");
    ServerOptions options = new ServerOptions().key(identity.keyPem()).cert(identity.certPem());
    if (onLoops) {
      options.loops(4);
    }
    TlsServer[] server = new TlsServer[1];
    server[0] = Tls.createServer(options, socket ->
        socket.on(Duplex.DATA, bytes -> {
          socket.end("pong");
          if (once && done.incrementAndGet() == exchanges) {
            server[0].close();
          }
        }));
    server[0].listen(0, "127.0.0.1", () -> System.out.println("listening " + server[0].address().port()));
    if (!once) {
      System.out.println("main returned");
    }
  }
}

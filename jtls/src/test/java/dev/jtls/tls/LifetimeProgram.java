package dev.jtls.tls;

import dev.jtls.stream.Duplex;

/**
 * The child program of {@link LoopLifetimeTest}: a TLS server that answers "ping" with "pong".
 * {@code serve}: main returns right after listen. {@code serveOnce}: after one exchange it closes
 * the server and the connection, leaving no handle.
 */
public final class LifetimeProgram {
  private LifetimeProgram() {}

  public static void main(String[] args) {
    boolean once = args[0].equals("serveOnce");
    SelfSignedIdentity identity = SelfSignedIdentity.generate("localhost");
    TlsServer[] server = new TlsServer[1];
    server[0] = Tls.createServer(new ServerOptions().key(identity.keyPem()).cert(identity.certPem()), socket ->
        socket.on(Duplex.DATA, bytes -> {
          socket.end("pong");
          if (once) {
            server[0].close();
          }
        }));
    server[0].listen(0, "127.0.0.1", () -> System.out.println("listening " + server[0].address().port()));
    if (!once) {
      System.out.println("main returned");
    }
  }
}

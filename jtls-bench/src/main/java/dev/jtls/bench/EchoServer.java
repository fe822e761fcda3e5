package dev.jtls.bench;

import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsSocket;
import java.nio.file.Path;

/**
 * The jtls TLS echo server that ../shared/bench/sidebyside.sh (run-compare.sh, multicore.sh) drives:
 * {@code EchoServer PORT CERT KEY [--loops N]}, listening on 127.0.0.1, echoing every byte back, on one event loop, or spread over
 * a group of N loops ({@code --loops}, else the environment variable {@code JTLS_LOOPS}; the system
 * property {@code jtls.server.reusePort} picks one SO_REUSEPORT listener per loop over hand-off).
 */
public final class EchoServer {
  private EchoServer() {}

  public static void main(String[] args) {
    boolean loopsFlag = args.length == 5 && args[3].equals("--loops");
    if (args.length != 3 && !loopsFlag) {
      System.err.println("usage: EchoServer PORT CERT.pem KEY.pem [--loops N]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    String loopsText = loopsFlag ? args[4] : System.getenv("JTLS_LOOPS");
    int loops = loopsText == null || loopsText.isEmpty() ? 1 : Integer.parseInt(loopsText);
    ServerOptions options = new ServerOptions().cert(Path.of(args[1])).key(Path.of(args[2]));
    if (loops > 1) {
      options.loops(loops);
    }
    Tls.createServer(options, socket -> {
          // Load generators drop connections abruptly; a reset must not be an uncaught error (as in the Node server).
          socket.on(TlsSocket.ERROR, error -> socket.destroy());
          socket.pipe(socket);
        })
        .listen(port, "127.0.0.1", () -> System.out.println("jtls echo server listening on 127.0.0.1:" + port
            + (loops > 1 ? " over " + loops + " loops" : "")));
  }
}

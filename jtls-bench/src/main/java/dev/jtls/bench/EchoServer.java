package dev.jtls.bench;

import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsSocket;
import java.nio.file.Path;

/**
 * The jtls TLS echo server that ../shared/bench/compare.sh drives: {@code EchoServer PORT CERT KEY},
 * listening on 127.0.0.1, echoing every byte back, on one event loop.
 */
public final class EchoServer {
  private EchoServer() {}

  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: EchoServer PORT CERT.pem KEY.pem");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    ServerOptions options = new ServerOptions().cert(Path.of(args[1])).key(Path.of(args[2]));
    Tls.createServer(options, socket -> {
          // Load generators drop connections abruptly; a reset must not be an uncaught error (as in the Node server).
          socket.on(TlsSocket.ERROR, error -> socket.destroy());
          socket.pipe(socket);
        })
        .listen(port, "127.0.0.1", () -> System.out.println("jtls echo server listening on 127.0.0.1:" + port));
  }
}

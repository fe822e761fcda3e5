package dev.jtls.tls;

import dev.jtls.net.EventLoop;
import dev.jtls.stream.Duplex;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * A process of its own for {@link EnableTraceTest}, as Node's test-tls-enable-trace.js forks
 * itself: the trace goes to the process's standard error, which only a parent process can read.
 * One TLS server and one client on loopback exchange a line and close; {@code args[0]} says where
 * tracing is enabled: {@code server-option} (ServerOptions.enableTrace), {@code client-option}
 * (ConnectOptions.enableTrace), {@code client-method} (TlsSocket.enableTrace() at 'secureConnect',
 * with the server option too, as Node's test has it), or {@code none}.
 */
public final class TraceProbe {
  private TraceProbe() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path pki = Path.of("src/test/resources/pki");
    EventLoop loop = EventLoop.defaultLoop();
    CompletableFuture<String> done = new CompletableFuture<>();
    loop.execute(() -> {
      TlsServer server = Tls.createServer(new ServerOptions().key(pki.resolve("server.key"))
          .cert(pki.resolve("server-chain.pem")).enableTrace(mode.equals("server-option") || mode.equals("client-method")),
          socket -> socket.pipe(socket));
      server.listen(0, "127.0.0.1", () -> {
        TlsSocket[] client = new TlsSocket[1];
        client[0] = Tls.connect(new ConnectOptions().host("127.0.0.1").port(server.address().port())
            .rejectUnauthorized(false).enableTrace(mode.equals("client-option")), () -> {
              if (mode.equals("client-method")) {
                client[0].enableTrace();
              }
              client[0].end("hello\n".getBytes(StandardCharsets.UTF_8));
            });
        StringBuilder echoed = new StringBuilder();
        client[0].on(Duplex.DATA, chunk -> echoed.append(new String(chunk, StandardCharsets.UTF_8)));
        client[0].on(Duplex.CLOSE, hadError -> server.close(() -> done.complete(echoed.toString())));
      });
    });
    System.out.print("echoed " + done.get());
    System.exit(0);
  }
}

package dev.jtls.cli;

import dev.jtls.events.NodeError;
import dev.jtls.stream.Duplex;
import dev.jtls.tls.Cipher;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.SelfSignedIdentity;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code jtls demo}: the whole library in one run. A TLS echo server on a free loopback port with
 * a self-signed identity made in memory, a client that trusts exactly that certificate, one
 * message each way, and what a user wants to see about the connection.
 */
final class Demo {
  private static final String MESSAGE = "hello over TLS from jtls";
  private static final long TIMEOUT_SECONDS = 30;

  private final PrintStream out;
  private final PrintStream err;

  Demo(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(String[] args) {
    if (args.length > 0) {
      err.println("jtls demo takes no arguments");
      return 2;
    }
    if (!Tls.isAvailable()) {
      try {
        Tls.opensslVersion();
      } catch (NodeError e) {
        err.println("jtls demo: " + e.getMessage());
      }
      return 1;
    }
    try {
      return demo();
    } catch (TimeoutException e) {
      err.println("jtls demo: no answer within " + TIMEOUT_SECONDS + " s");
      return 1;
    } catch (ExecutionException e) {
      err.println("jtls demo failed: " + e.getCause());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private int demo() throws InterruptedException, ExecutionException, TimeoutException {
    out.println("jtls demo on " + Tls.opensslVersion());
    SelfSignedIdentity identity = SelfSignedIdentity.generate("localhost");
    out.println("made an ephemeral self-signed identity for localhost (EC P-256, in memory)");

    TlsServer server = Tls.createServer(new ServerOptions().key(identity.keyPem()).cert(identity.certPem()),
        socket -> socket.pipe(socket));
    CompletableFuture<Integer> listening = new CompletableFuture<>();
    server.on(TlsServer.ERROR, listening::completeExceptionally);
    server.listen(0, "127.0.0.1", () -> listening.complete(server.address().port()));
    int port = listening.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    out.println("TLS echo server listening on 127.0.0.1:" + port);

    CompletableFuture<String> report = new CompletableFuture<>();
    CompletableFuture<String> echoed = new CompletableFuture<>();
    CompletableFuture<Void> closed = new CompletableFuture<>();
    // The client is made and observed in one task on the loop, as Node code runs: no event of it
    // can fire before its listeners are in place.
    server.loop().execute(() -> {
      TlsSocket client = Tls.connect(new ConnectOptions().host("127.0.0.1").port(port).servername("localhost")
          .ca(identity.certPem()));
      client.on(TlsSocket.ERROR, error -> {
        report.completeExceptionally(error);
        echoed.completeExceptionally(error);
      });
      client.on(TlsSocket.SECURE_CONNECT, () -> {
        report.complete(describe(client));
        client.write(MESSAGE);
      });
      client.on(Duplex.DATA, bytes -> {
        echoed.complete(new String(bytes, StandardCharsets.UTF_8));
        client.end();
      });
      client.on(Duplex.CLOSE, hadError -> closed.complete(null));
    });

    out.print(report.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    out.println("sent     \"" + MESSAGE + "\"");
    out.println("received \"" + echoed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS) + "\" (echoed by the server)");
    closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    CompletableFuture<Void> serverClosed = new CompletableFuture<>();
    server.close(() -> serverClosed.complete(null));
    serverClosed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    out.println("connection and server closed");
    return 0;
  }

  /** What the client knows once the handshake is done, as Node's properties name it. */
  private static String describe(TlsSocket client) {
    Cipher cipher = client.getCipher();
    return "client secureConnect:\n"
        + "  getProtocol()        " + client.getProtocol() + "\n"
        + "  getCipher()          " + cipher.name() + " (" + cipher.standardName() + ", " + cipher.version() + ")\n"
        + "  authorized           " + client.authorized() + "\n"
        + "  authorizationError   " + client.authorizationError() + "\n"
        + "  servername           " + client.servername() + "\n"
        + "  getPeerCertificate() as Node's JSON:\n"
        + client.getPeerCertificate().toJson() + "\n";
  }
}

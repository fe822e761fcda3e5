package dev.jtls.redis;

import dev.jtls.net.EventLoop;
import dev.jtls.stream.Duplex;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.CryptoConstants;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A jtls client of the fleet, in the test's JVM: one connection per call, read until the server ends it. With
 * {@code tickets} off it sends {@code SSL_OP_NO_TICKET}, so it can only resume by session ID.
 */
final class JtlsClient {
  private final EventLoop loop;
  private final String ca;
  private final String version;
  private final boolean tickets;

  JtlsClient(EventLoop loop, Path ca, String version, boolean tickets) throws IOException {
    this.loop = loop;
    this.ca = Files.readString(ca);
    this.version = version;
    this.tickets = tickets;
  }

  /**
   * What one connection saw: whether it resumed, the server's line, and the session to resume next (the last
   * 'session' event, else the session the connection ended with).
   */
  record Outcome(boolean reused, String reply, byte[] session) {}

  /** Connects to {@code port} offering {@code session} (or none) and waits until the connection closed. */
  Outcome connect(int port, byte[] session) {
    ConnectOptions options = new ConnectOptions().host("127.0.0.1").port(port).servername("localhost").ca(ca)
        .minVersion(version).maxVersion(version);
    if (!tickets) {
      options.secureOptions(CryptoConstants.SSL_OP_NO_TICKET);
    }
    if (session != null) {
      options.session(session);
    }
    CompletableFuture<Outcome> closed = new CompletableFuture<>();
    loop.execute(() -> {
      ByteArrayOutputStream reply = new ByteArrayOutputStream();
      byte[][] lastSession = new byte[1][];
      boolean[] reused = new boolean[1];
      TlsSocket socket = Tls.connect(options);
      socket.on(TlsSocket.SECURE_CONNECT, () -> {
        reused[0] = socket.isSessionReused();
        lastSession[0] = socket.getSession();
      });
      socket.on(TlsSocket.SESSION, bytes -> lastSession[0] = bytes);
      socket.on(Duplex.DATA, reply::writeBytes);
      socket.on(Duplex.ERROR, closed::completeExceptionally);
      socket.on(Duplex.CLOSE, hadError -> closed.complete(
          new Outcome(reused[0], reply.toString(StandardCharsets.US_ASCII).trim(), lastSession[0])));
    });
    try {
      return closed.get(Child.DEADLINE_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("connection to " + port + " failed", e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("connection to " + port + " did not close", e);
    }
  }
}

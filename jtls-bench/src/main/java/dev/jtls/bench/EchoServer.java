package dev.jtls.bench;

import dev.jtls.tls.CryptoConstants;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsOnRead;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The jtls TLS echo server that ../shared/bench/compare.sh (and run-compare.sh, multicore.sh) drive: {@code EchoServer PORT CERT KEY
 * [--loops N] [--redis URI] [--no-tickets] [--onread]}, listening on 127.0.0.1, echoing every byte back.
 * <ul>
 *   <li>{@code --loops N} (else the environment variable {@code JTLS_LOOPS}): spread connections
 *       over a group of N loops; the system property {@code jtls.server.reusePort} picks one
 *       SO_REUSEPORT listener per loop over hand-off.</li>
 *   <li>{@code --redis URI}: sessions resume through Redis, as a fleet's servers do (see
 *       {@link RedisResumption}).</li>
 *   <li>{@code --no-tickets}: {@code SSL_OP_NO_TICKET} in {@code secureOptions}, so TLSv1.2 clients
 *       resume by session ID (through Redis with {@code --redis}; without it nothing resumes, as in
 *       Node, which has no server-side cache of its own).</li>
 *   <li>{@code --onread}: each socket reads through {@link TlsSocket#setOnread} into one direct
 *       buffer per loop and writes the lent buffer straight back with {@code write(ByteBuffer)}
 *       (no 'data' chunk, no write queue while the socket keeps up), pausing while a write returns
 *       false until 'drain'; without it the socket is piped to itself, as Node code would do.</li>
 * </ul>
 */
public final class EchoServer {
  private static final String USAGE = "usage: EchoServer PORT CERT.pem KEY.pem [--loops N] [--redis URI] [--no-tickets] [--onread]";
  /** The key of each loop's read buffer for --onread. */
  private static final Object READ_BUFFER = new Object();

  private EchoServer() {}

  public static void main(String[] args) {
    if (args.length < 3) {
      usage();
    }
    int port = Integer.parseInt(args[0]);
    String loopsText = System.getenv("JTLS_LOOPS");
    String redisUri = null;
    boolean noTickets = false;
    boolean onread = false;
    for (int i = 3; i < args.length; i++) {
      switch (args[i]) {
        case "--loops" -> loopsText = value(args, ++i);
        case "--redis" -> redisUri = value(args, ++i);
        case "--no-tickets" -> noTickets = true;
        case "--onread" -> onread = true;
        default -> usage();
      }
    }
    int loops = loopsText == null || loopsText.isEmpty() ? 1 : Integer.parseInt(loopsText);
    ServerOptions options = new ServerOptions().cert(Path.of(args[1])).key(Path.of(args[2]));
    if (loops > 1) {
      options.loops(loops);
    }
    if (noTickets) {
      options.secureOptions(CryptoConstants.SSL_OP_NO_TICKET);
    }
    RedisResumption redis = redisUri == null ? null : RedisResumption.connect(redisUri);
    if (redis != null) {
      options.sessionIdContext(RedisResumption.SESSION_ID_CONTEXT).sessionTimeout((long) RedisResumption.SESSION_TIMEOUT);
    }
    boolean lentReads = onread;
    TlsServer server = Tls.createServer(options, socket -> {
      // Load generators drop connections abruptly; a reset must not be an uncaught error (as in the Node server).
      socket.on(TlsSocket.ERROR, error -> socket.destroy());
      if (lentReads) {
        echoLent(socket);
      } else {
        socket.pipe(socket);
      }
    });
    if (redis != null) {
      redis.serve(server);
    }
    String mode = (loops > 1 ? " over " + loops + " loops" : "") + (redis != null ? ", sessions in Redis" : "")
        + (noTickets ? ", no tickets" : "") + (onread ? ", onread" : "");
    server.listen(port, "127.0.0.1", () -> System.out.println("jtls echo server listening on 127.0.0.1:" + port + mode));
  }

  /** Echoes each read from the loop's buffer it was lent in; the socket copies only what it must queue. */
  private static void echoLent(TlsSocket socket) {
    ByteBuffer buffer = socket.loop().local(READ_BUFFER, () -> ByteBuffer.allocateDirect(16 * 1024));
    socket.on(TlsSocket.DRAIN, () -> socket.resume());
    socket.on(TlsSocket.END, () -> socket.end());
    socket.setOnread(TlsOnRead.of(buffer, (nread, lent) -> socket.write(lent)));
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      usage();
    }
    return args[i];
  }

  private static void usage() {
    System.err.println(USAGE);
    System.exit(2);
  }
}

package dev.jtls.redis;

import dev.jtls.net.EventLoop;
import dev.jtls.stream.Duplex;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One server of a fleet, as an operator would run it, in its own JVM: a jtls {@code TlsServer} that answers
 * every connection with one line ({@code "hello from NAME"}) and ends it, joined to the fleet through a
 * {@link RedisSessionStore} and {@link RedisTicketKeys} on the Redis given on the command line.
 *
 * <p>Arguments, {@code name=value}: {@code name}, {@code redis} (a Lettuce URI), {@code cluster=true} (the URI is
 * a Redis Cluster node), {@code key} and {@code cert} (PEM files), {@code seal} (the 32-byte sealing key in
 * hex), {@code poll} (the ticket keys' poll interval in ms).
 *
 * <p>It prints {@code listening PORT} once it listens. On stdin, the line {@code metrics} prints the store's and
 * the ticket keys' counters and the name of the ticket keys the server seals under, on one line. End of input,
 * or SIGTERM, closes the server and Redis, prints {@code closed} and ends the process. An exception reaching the
 * loop or any thread is printed as a line starting {@code UNCAUGHT}, which the tests look for.
 */
public final class FleetServer {
  static final String SESSION_ID_CONTEXT = "jtls-fleet";
  /** Seconds; the server's and the store's, which must agree. */
  static final int SESSION_TIMEOUT = 300;

  private final EventLoop loop = EventLoop.defaultLoop();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final RedisConnection redis;
  private final RedisSessionStore store;
  private final RedisTicketKeys ticketKeys;
  private final TlsServer server;

  private FleetServer(Map<String, String> args) throws IOException {
    String name = args.get("name");
    byte[] sealingKey = HexFormat.of().parseHex(args.get("seal"));
    RedisEndpoint endpoint = Boolean.parseBoolean(args.get("cluster"))
        ? RedisEndpoint.cluster(args.get("redis")) : RedisEndpoint.of(args.get("redis"));
    redis = RedisConnection.open(endpoint.maxReconnectDelay(Duration.ofMillis(500)));
    // A bounded wait long enough that a busy test machine does not turn a Redis answer into a full handshake.
    store = new RedisSessionStore(redis, SessionStoreOptions.sealingKey("fleet-1", sealingKey)
        .sessionIdContext(SESSION_ID_CONTEXT).sessionTimeout(SESSION_TIMEOUT).resumeWait(Duration.ofMillis(500))
        .storeWait(Duration.ofMillis(500)));
    byte[] reply = ("hello from " + name + "\n").getBytes(StandardCharsets.US_ASCII);
    server = Tls.createServer(new ServerOptions().key(Files.readString(Path.of(args.get("key"))))
        .cert(Files.readString(Path.of(args.get("cert")))).sessionIdContext(SESSION_ID_CONTEXT)
        .sessionTimeout((long) SESSION_TIMEOUT), socket -> {
          socket.on(Duplex.ERROR, e -> {});
          socket.end(reply);
        });
    server.on(TlsServer.NEW_SESSION, e -> store.newSession(e.sessionId(), e.sessionData(), e.callback()));
    server.on(TlsServer.RESUME_SESSION, e -> store.resumeSession(e.sessionId(), e.callback()));
    ticketKeys = RedisTicketKeys.start(redis, TicketKeyOptions.sealingKey("fleet-1", sealingKey)
        .pollInterval(Duration.ofMillis(Long.parseLong(args.get("poll")))), server::setTicketKeys);
  }

  public static void main(String[] argv) throws Exception {
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught(e));
    EventLoop.setUncaughtErrorHandler(FleetServer::uncaught);
    Map<String, String> args = new HashMap<>();
    for (String arg : argv) {
      int eq = arg.indexOf('=');
      args.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    FleetServer fleetServer = new FleetServer(args);
    Runtime.getRuntime().addShutdownHook(new Thread(fleetServer::close, "fleet-server-shutdown"));
    fleetServer.listen();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.equals("metrics")) {
        fleetServer.printMetrics();
      }
    }
    fleetServer.close();
    System.exit(0);
  }

  private static synchronized void uncaught(Throwable e) {
    System.out.println("UNCAUGHT " + e);
    e.printStackTrace();
  }

  private void listen() {
    loop.execute(() -> server.listen(0, "127.0.0.1", () -> System.out.println("listening " + server.address().port())));
  }

  private void printMetrics() {
    SessionStoreMetrics s = store.metrics();
    TicketKeyMetrics k = ticketKeys.metrics();
    System.out.println("metrics resumed=" + s.resumed() + " notFound=" + s.notFound() + " unusable=" + s.unusable()
        + " stored=" + s.stored() + " keyVersion=" + k.version() + " keyRotations=" + k.rotations()
        + " keysUnusable=" + k.unusable() + " keyName=" + HexFormat.of().formatHex(server.getTicketKeys(), 0, 16));
  }

  /** Stops taking connections, waits (briefly) for the server to close, then lets go of Redis. */
  private void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    ticketKeys.close();
    CountDownLatch serverClosed = new CountDownLatch(1);
    loop.execute(() -> server.close(e -> serverClosed.countDown()));
    try {
      serverClosed.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    redis.close();
    System.out.println("closed");
  }
}

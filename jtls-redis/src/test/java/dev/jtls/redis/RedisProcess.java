package dev.jtls.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A {@code redis-server} of the test's own, on a free loopback port, with its files in a temporary directory.
 * It can be killed and started again on the same port; {@link #close} stops it and deletes the directory. A
 * shutdown hook does the same if the JVM exits before the test could.
 */
final class RedisProcess implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final List<String> extraArgs;
  private final Thread cleanup = new Thread(this::stopAndDelete, "redis-process-cleanup");
  private Process process;

  private RedisProcess(Path dir, int port, List<String> extraArgs) {
    this.dir = dir;
    this.port = port;
    this.extraArgs = extraArgs;
  }

  /** Starts a server with no persistence plus {@code extraArgs} (redis-server command-line options). */
  static RedisProcess start(String... extraArgs) throws IOException, InterruptedException {
    RedisProcess r = new RedisProcess(Files.createTempDirectory("jtls-redis-test"), freePort(), List.of(extraArgs));
    Runtime.getRuntime().addShutdownHook(r.cleanup);
    try {
      r.restart();
    } catch (IOException | InterruptedException | RuntimeException e) {
      r.close();
      throw e;
    }
    return r;
  }

  int port() {
    return port;
  }

  Path dir() {
    return dir;
  }

  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Starts the server (again) on its port and waits until it answers PING. */
  void restart() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
        "--daemonize", "no", "--protected-mode", "no", "--logfile", dir.resolve("redis.log").toString()));
    cmd.addAll(extraArgs);
    process = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("stdout.log").toFile()).start();
    awaitPing();
  }

  /** SIGKILL: Redis vanishes mid-run without closing anything. */
  void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor();
    }
  }

  /** SIGSTOP / SIGCONT: Redis stops answering while its connections stay open. */
  void pause(boolean paused) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("kill", paused ? "-STOP" : "-CONT", Long.toString(process.pid())).start();
    p.waitFor();
  }

  @Override
  public void close() {
    stopAndDelete();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or has run: nothing left to remove.
    }
  }

  private synchronized void stopAndDelete() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // Already gone.
    }
  }

  private void awaitPing() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      if (!process.isAlive()) {
        throw new IOException("redis-server exited: " + Files.readString(dir.resolve("stdout.log"))
            + (Files.exists(dir.resolve("redis.log")) ? Files.readString(dir.resolve("redis.log")) : ""));
      }
      if (pings(port)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("redis-server did not answer PING on port " + port);
      }
      Thread.sleep(20);
    }
  }

  /** Whether something on {@code port} answers an inline PING with +PONG (a server that needs AUTH counts). */
  static boolean pings(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      s.setSoTimeout(500);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[64];
      int n = in.read(buf);
      String reply = n > 0 ? new String(buf, 0, n, StandardCharsets.US_ASCII) : "";
      return reply.startsWith("+PONG") || reply.startsWith("-NOAUTH");
    } catch (IOException e) {
      return false;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}

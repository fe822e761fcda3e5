package dev.jtls.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * A {@code redis-server} of the test's own, on a free loopback port, with its files in a temporary directory.
 * It can be killed and started again on the same port; {@link #close} stops it and deletes the directory. A
 * shutdown hook does the same if the JVM exits before the test could.
 */
final class RedisProcess implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final IntFunction<List<String>> extraArgs;
  private final Path configFile;
  private final Thread cleanup = new Thread(this::stopAndDelete, "redis-process-cleanup");
  private Process process;
  private int readyLinesSeen;

  private RedisProcess(Path dir, int port, IntFunction<List<String>> extraArgs, Path configFile) {
    this.dir = dir;
    this.port = port;
    this.extraArgs = extraArgs;
    this.configFile = configFile;
  }

  /** Starts a server with no persistence plus {@code extraArgs} (redis-server command-line options). */
  static RedisProcess start(String... extraArgs) throws IOException, InterruptedException {
    return start(port -> List.of(extraArgs));
  }

  /** Like {@link #start(String...)}, with options that depend on the port chosen (later options win). */
  static RedisProcess start(IntFunction<List<String>> extraArgs) throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return start(new RedisProcess(Files.createTempDirectory("jtls-redis-test"), freePort(), extraArgs, null));
      } catch (IOException e) {
        // Another process can take the port between freePort and redis-server's bind: try another one.
        if (attempt == 5 || !String.valueOf(e.getMessage()).contains("Address already in use")) {
          throw e;
        }
      }
    }
  }

  /** A Sentinel watching the master on {@code masterPort} under the name {@code masterName}. */
  static RedisProcess startSentinel(int masterPort, String masterName) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("jtls-redis-test");
    // Sentinel rewrites its configuration file, so it lives in the process's own directory.
    Path conf = Files.writeString(dir.resolve("sentinel.conf"),
        "sentinel monitor " + masterName + " 127.0.0.1 " + masterPort + " 1\n");
    return start(new RedisProcess(dir, freePort(), port -> List.of("--sentinel"), conf));
  }

  private static RedisProcess start(RedisProcess r) throws IOException, InterruptedException {
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

  /** Starts the server (again) on its port and waits until it says it is ready. */
  void restart() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("redis-server"));
    if (configFile != null) {
      cmd.add(configFile.toString());
    }
    cmd.addAll(List.of("--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(),
        "--daemonize", "no", "--protected-mode", "no", "--logfile", dir.resolve("redis.log").toString()));
    cmd.addAll(extraArgs.apply(port));
    process = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("stdout.log").toFile()).start();
    awaitReady();
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

  private void awaitReady() throws IOException, InterruptedException {
    Path log = dir.resolve("redis.log");
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      // Each start appends to the same log: this start is ready when one more ready line is there.
      int ready = Files.exists(log) ? readyLines(Files.readString(log), configFile == null
          ? "Ready to accept connections" : "+monitor master") : 0;
      if (ready > readyLinesSeen) {
        readyLinesSeen = ready;
        return;
      }
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IOException("redis-server did not start: " + Files.readString(dir.resolve("stdout.log"))
            + (Files.exists(log) ? Files.readString(log) : ""));
      }
      Thread.sleep(20);
    }
  }

  private static int readyLines(String log, String readyLine) {
    return log.split(java.util.regex.Pattern.quote(readyLine), -1).length - 1;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}

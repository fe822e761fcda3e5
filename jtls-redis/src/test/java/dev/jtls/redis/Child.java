package dev.jtls.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A child process whose output lines are collected as they come, so a test can wait for one line without
 * blocking on the rest. {@link #close} kills it (and its descendants) if it still runs.
 */
final class Child implements AutoCloseable {
  static final long DEADLINE_SECONDS = 30;

  private final String name;
  private final Process process;
  private final List<String> stdout = new CopyOnWriteArrayList<>();
  private final List<String> stderr = new CopyOnWriteArrayList<>();
  private final Thread[] readers;

  private Child(String name, Process process) {
    this.name = name;
    this.process = process;
    this.readers = new Thread[] {reader(process.getInputStream(), stdout), reader(process.getErrorStream(), stderr)};
  }

  static Child start(String name, List<String> command) {
    try {
      return new Child(name, new ProcessBuilder(command).start());
    } catch (IOException e) {
      throw new AssertionError("cannot start " + name + ": " + command, e);
    }
  }

  private Thread reader(InputStream in, List<String> lines) {
    Thread t = Thread.ofVirtual().name(name + "-output").start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          lines.add(line);
        }
      } catch (IOException ended) {
        // The process went away: what it wrote so far is kept.
      }
    });
    return t;
  }

  String name() {
    return name;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  List<String> stdout() {
    return List.copyOf(stdout);
  }

  List<String> stderrLines() {
    return List.copyOf(stderr);
  }

  String stderrText() {
    return String.join("\n", stderr);
  }

  /** Waits for the first stdout line from {@code from} on that matches {@code regex}; returns its index. */
  int awaitLine(String regex, int from) {
    Pattern p = Pattern.compile(regex);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
    while (true) {
      for (int i = from; i < stdout.size(); i++) {
        if (p.matcher(stdout.get(i)).matches()) {
          return i;
        }
      }
      if (!process.isAlive() && outputDrained()) {
        throw new AssertionError(name + " exited (" + process.exitValue() + ") without printing " + regex
            + "\nstdout: " + stdout + "\nstderr: " + stderrText());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(name + " did not print " + regex + "\nstdout: " + stdout + "\nstderr: "
            + stderrText());
      }
      sleep();
    }
  }

  String awaitLine(String regex) {
    return stdout.get(awaitLine(regex, 0));
  }

  void writeLine(String line) {
    try {
      OutputStream in = process.getOutputStream();
      in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      throw new AssertionError(name + " no longer reads its input", e);
    }
  }

  void closeStdin() {
    try {
      process.getOutputStream().close();
    } catch (IOException alreadyGone) {
      // The process exited: its input is closed anyway.
    }
  }

  /** SIGTERM, through the handle: Process.destroy would also close our end of its output. */
  void terminate() {
    process.toHandle().destroy();
  }

  /** Waits for the exit and for the last output; returns the exit status. */
  int awaitExit() {
    try {
      if (!process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError(name + " did not exit\nstdout: " + stdout + "\nstderr: " + stderrText());
      }
      for (Thread t : readers) {
        t.join(TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return process.exitValue();
  }

  private boolean outputDrained() {
    for (Thread t : readers) {
      if (t.isAlive()) {
        return false;
      }
    }
    return true;
  }

  private static void sleep() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    closeStdin();
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

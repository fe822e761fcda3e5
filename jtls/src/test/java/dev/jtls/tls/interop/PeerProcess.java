package dev.jtls.tls.interop;

import dev.jtls.net.LoopTesting;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A foreign peer process (openssl, node) whose stdout and stderr are captured as bytes while it
 * runs. Tests wait on what it prints, never on the clock: every wait ends when the output holds
 * what is looked for, or fails after {@link LoopTesting#TIMEOUT_SECONDS} showing all the output.
 */
final class PeerProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  private final Thread[] pumps;

  private PeerProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    this.pumps = new Thread[] {pump(process.getInputStream(), stdout), pump(process.getErrorStream(), stderr)};
  }

  static PeerProcess start(String name, Path directory, List<String> command) {
    return start(name, directory, command, Map.of());
  }

  /** As {@link #start(String, Path, List)}, with {@code environment} added to this process's. */
  static PeerProcess start(String name, Path directory, List<String> command, Map<String, String> environment) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
      builder.environment().putAll(environment);
      return new PeerProcess(name, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  private Thread pump(InputStream in, ByteArrayOutputStream sink) {
    return Thread.ofVirtual().start(() -> {
      byte[] buffer = new byte[64 * 1024];
      try (in) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          synchronized (this) {
            sink.write(buffer, 0, n);
            notifyAll();
          }
        }
      } catch (IOException e) {
        // the process was destroyed while we read: what was captured stays
      }
      synchronized (this) {
        notifyAll();
      }
    });
  }

  /** The operating system's id of the process. */
  long pid() {
    return process.pid();
  }

  /** Everything the process printed on stdout so far. */
  synchronized byte[] stdout() {
    return stdout.toByteArray();
  }

  synchronized String stdoutText() {
    return stdout.toString(StandardCharsets.ISO_8859_1);
  }

  synchronized String stderrText() {
    return stderr.toString(StandardCharsets.ISO_8859_1);
  }

  /**
   * Waits until {@code probe}, applied to the output so far, finds something, and returns it.
   * The probe runs under the capture lock on every new piece of output.
   */
  <T> T await(String what, Function<PeerProcess, Optional<T>> probe) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LoopTesting.TIMEOUT_SECONDS);
    synchronized (this) {
      while (true) {
        Optional<T> found = probe.apply(this);
        if (found.isPresent()) {
          return found.get();
        }
        long left = deadline - System.nanoTime();
        boolean outputClosed = !pumps[0].isAlive() && !pumps[1].isAlive();
        if (left <= 0 || outputClosed) {
          throw new AssertionError(name + ": " + (outputClosed ? "exited" : "timed out") + " waiting for " + what
              + "\n--- stdout ---\n" + abbreviated(stdoutText()) + "\n--- stderr ---\n" + abbreviated(stderrText()));
        }
        try {
          wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted waiting for " + what, e);
        }
      }
    }
  }

  /** Waits for a whole stdout or stderr line matching {@code pattern} (a regex) and returns it. */
  String awaitLine(String pattern) {
    return await("a line matching " + pattern, p -> firstLine(p.stdoutText(), pattern).or(() -> firstLine(p.stderrText(), pattern)));
  }

  private static Optional<String> firstLine(String text, String pattern) {
    return text.lines().filter(l -> l.matches(pattern)).findFirst();
  }

  /** Waits until the bytes printed on stdout contain {@code expected} (sent by the other end). */
  void awaitStdout(byte[] expected) {
    await(expected.length + " bytes from the other end",
        p -> Payloads.contains(p.stdout(), expected) ? Optional.of(true) : Optional.empty());
  }

  /** Waits until the process has exited, and fails unless it exited with status 0. */
  void awaitCleanExit() {
    int status = awaitExit();
    if (status != 0) {
      throw new AssertionError(name + " exited with " + status + ":\n" + stdoutText() + stderrText());
    }
  }

  /** Waits until the process has exited and returns its status. */
  int awaitExit() {
    try {
      if (!process.waitFor(LoopTesting.TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError(name + " did not exit\n--- stderr ---\n" + abbreviated(stderrText()));
      }
      for (Thread pump : pumps) {
        pump.join(TimeUnit.SECONDS.toMillis(LoopTesting.TIMEOUT_SECONDS));
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + name, e);
    }
  }

  /** Writes {@code data} to the process's stdin (blocking while its pipe is full). */
  void write(byte[] data) {
    try {
      OutputStream in = process.getOutputStream();
      in.write(data);
      in.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(name + " stdin", e);
    }
  }

  /** Closes the process's stdin: the peers used here take that as "end the connection". */
  void closeStdin() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new UncheckedIOException(name + " stdin", e);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(LoopTesting.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String abbreviated(String text) {
    return text.length() <= 8000 ? text : text.substring(0, 4000) + "\n[...]\n" + text.substring(text.length() - 4000);
  }

  @Override
  public String toString() {
    return name;
  }
}

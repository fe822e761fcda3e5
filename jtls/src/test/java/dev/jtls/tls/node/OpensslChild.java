package dev.jtls.tls.node;

import dev.jtls.testing.NodeRun;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Node's {@code execFile(common.opensslCli, args, callback)} in the ported tests: runs the
 * {@code openssl} command with no input and its output discarded, and calls back on the run's loop
 * with its exit code and stderr. The child is awaited off the loop; what keeps the loop alive
 * meanwhile is the test's own listening server, as in Node.
 */
final class OpensslChild {
  private OpensslChild() {}

  /** Runs {@code openssl args…}; {@code callback} gets the exit code and stderr. */
  static void run(NodeRun node, List<String> args, BiConsumer<Integer, String> callback) {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(args);
    Process child;
    try {
      child = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    child.onExit().thenRun(() -> node.loop().execute(() -> {
      String stderr;
      try {
        stderr = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      callback.accept(child.exitValue(), stderr);
    }));
  }
}

package dev.jtls.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a node script from src/test/resources/node/ as an interop peer and returns its output. */
public final class NodeScript {
  private NodeScript() {}

  /**
   * Runs {@code node <script> <args...>} with {@code stdin} as its input; fails the test unless it
   * exits with status 0 within a minute. Its stderr goes to the test's.
   *
   * @param script the file name under src/test/resources/node/
   * @return its stdout, one element per line
   */
  public static List<String> run(String script, String stdin, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("node", resource(script).toString()));
    command.addAll(List.of(args));
    Process node = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      try (OutputStream in = node.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(node.waitFor(60, TimeUnit.SECONDS), "node " + script + " finished");
      assertEquals(0, node.exitValue(), "node " + script + " exit status");
      return out.lines().toList();
    } finally {
      node.destroyForcibly();
    }
  }

  private static Path resource(String script) {
    try {
      return Path.of(NodeScript.class.getResource("/node/" + script).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs {@code node -e <script>}; fails the test unless it exits within a minute. Its stderr goes
   * to the test's.
   *
   * @return its stdout, stripped
   */
  public static String eval(String script) throws IOException, InterruptedException {
    Process node = new ProcessBuilder("node", "-e", script).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      assertTrue(node.waitFor(60, TimeUnit.SECONDS), "node -e finished");
      return out;
    } finally {
      node.destroyForcibly();
    }
  }
}

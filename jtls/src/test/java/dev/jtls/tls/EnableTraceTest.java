package dev.jtls.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Node's enableTrace: OpenSSL's SSL_trace output on the process's standard error, for the server
 * option, the client option and the socket method, read from a {@link TraceProbe} process (Node's
 * test-tls-enable-trace.js forks itself the same way); none without them.
 */
class EnableTraceTest {
  /** What a TraceProbe run printed: its standard output and standard error. */
  private record Run(String stdout, String stderr) {}

  private static Run probe(String mode) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process process = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
        System.getProperty("java.class.path"), TraceProbe.class.getName(), mode).start();
    process.getOutputStream().close();
    CompletableFuture<byte[]> out = new CompletableFuture<>();
    Thread.ofPlatform().start(() -> { // the trace on stderr is large: both pipes are drained at once
      try (var stdout = process.getInputStream()) {
        out.complete(stdout.readAllBytes());
      } catch (IOException e) {
        out.completeExceptionally(e);
      }
    });
    byte[] err;
    try (var stderr = process.getErrorStream()) {
      err = stderr.readAllBytes();
    }
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the probe ended");
    assertEquals(0, process.exitValue(), new String(err, StandardCharsets.UTF_8));
    return new Run(new String(out.join(), StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }

  private static int count(String text, String regex) {
    return (int) Pattern.compile(regex).matcher(text).results().count();
  }

  @Test
  void theServerOptionTracesEachConnectionFromItsClientHello() throws Exception {
    Run run = probe("server-option");
    assertEquals("echoed hello\n", run.stdout());
    assertTrue(run.stderr().contains("Received Record"), run.stderr());
    assertTrue(count(run.stderr(), "ClientHello") >= 1, run.stderr());
    assertTrue(run.stderr().contains("Sent Record"), run.stderr());
  }

  @Test
  void theClientOptionTracesItsOwnClientHello() throws Exception {
    Run run = probe("client-option");
    int sent = run.stderr().indexOf("Sent Record");
    assertTrue(sent >= 0 && run.stderr().indexOf("ClientHello", sent) > sent, run.stderr());
  }

  /** Node's test-tls-enable-trace.js: the server option and the client's enableTrace() once connected. */
  @Test
  void enableTraceOnAConnectedSocketTracesWhatFollows() throws Exception {
    Run run = probe("client-method");
    assertTrue(run.stderr().contains("Received Record"), run.stderr());
    assertTrue(run.stderr().contains("ClientHello"), run.stderr());
    assertTrue(count(run.stderr(), "Content Type = ApplicationData") >= 2, "the client's own records: " + run.stderr());
  }

  @Test
  void withoutItNothingIsTraced() throws Exception {
    Run run = probe("none");
    assertEquals("echoed hello\n", run.stdout());
    assertFalse(run.stderr().contains("Record"), run.stderr());
  }

  @Test
  void theOptionIsABooleanAsInNode() {
    NodeError e = assertThrows(NodeError.class, () -> ServerOptions.fromMap(Map.of("enableTrace", "yes")));
    assertEquals("ERR_INVALID_ARG_TYPE", e.code());
    assertTrue(e.getMessage().startsWith("The \"options.enableTrace\" property must be of type boolean"), e.getMessage());
    assertTrue(ConnectOptions.fromMap(Map.of("enableTrace", true)).enableTrace());
    assertFalse(new TlsSocketOptions().enableTrace());
  }
}

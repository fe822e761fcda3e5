package dev.jtls.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.internal.openssl.Lib;
import dev.jtls.net.NetSocket;
import dev.jtls.testing.NoNativeLeaks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Without OpenSSL 3, jtls says so before use ({@link Tls#isAvailable()}) and on use (Node's
 * {@code ERR_NO_CRYPTO}, naming the library it looked for), and the JVM carries on. The missing
 * library is simulated in a child JVM pointed at a file that does not exist.
 */
@ExtendWith(NoNativeLeaks.class)
class OpenSslAvailabilityTest {
  private static final String MISSING_LIBSSL = "/nonexistent/libssl.so.3";

  /** Run in the child JVM: prints what each entry point does, one line each, then "alive". */
  public static void main(String[] args) {
    System.out.println("isAvailable " + Tls.isAvailable());
    Map<String, Supplier<?>> entryPoints = new LinkedHashMap<>();
    entryPoints.put("connect", () -> Tls.connect(new ConnectOptions().port(443)));
    entryPoints.put("connectMap", () -> Tls.connect(Map.of("port", 443), null));
    entryPoints.put("createServer", () -> Tls.createServer(new ServerOptions()));
    entryPoints.put("createSecureContext", Tls::createSecureContext);
    entryPoints.put("opensslVersion", Tls::opensslVersion);
    entryPoints.put("newTlsSocket", () -> new TlsSocket(new NetSocket(null, null), (TlsSocketOptions) null));
    entryPoints.forEach((name, call) -> {
      try {
        call.get();
        System.out.println(name + " returned");
      } catch (NodeError e) {
        System.out.println(name + " " + e.code() + " " + e.getMessage());
      }
    });
    System.out.println("alive");
  }

  @Test
  void openSslIsAvailableHere() {
    assertTrue(Tls.isAvailable());
    assertTrue(Tls.opensslVersion().startsWith("OpenSSL 3."), Tls.opensslVersion());
  }

  @Test
  void withoutLibsslEveryEntryPointThrowsErrNoCryptoNamingTheLibraryAndTheJvmCarriesOn() throws Exception {
    List<String> lines = runChild("-D" + Lib.LIBSSL_PROPERTY + "=" + MISSING_LIBSSL);
    assertEquals("isAvailable false", lines.getFirst(), "child output " + lines);
    for (String entryPoint : List.of("connect", "connectMap", "createServer", "createSecureContext", "opensslVersion",
        "newTlsSocket")) {
      String line = lines.stream().filter(l -> l.startsWith(entryPoint + " ")).findFirst().orElseThrow(
          () -> new AssertionError(entryPoint + " printed nothing: " + lines));
      assertTrue(line.startsWith(entryPoint + " ERR_NO_CRYPTO "), line);
      assertTrue(line.contains(MISSING_LIBSSL), "names the library looked for: " + line);
    }
    assertEquals("alive", lines.getLast());
  }

  /** Runs {@link #main} in a new JVM with {@code property} and returns its output; fails unless it exits 0. */
  private static List<String> runChild(String property) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", property,
        "-cp", System.getProperty("java.class.path"), OpenSslAvailabilityTest.class.getName())
        .redirectErrorStream(true).start();
    try {
      String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
      assertEquals(0, child.exitValue(), "child JVM exit status; output:\n" + out);
      return out.lines().toList();
    } finally {
      child.destroyForcibly();
    }
  }
}

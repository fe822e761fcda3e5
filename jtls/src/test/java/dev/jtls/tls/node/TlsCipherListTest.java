package dev.jtls.tls.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.tls.Tls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Node's test/parallel/test-tls-cipher-list.js: {@code tls.DEFAULT_CIPHERS} in a fresh process,
 * unmodified and under {@code --tls-cipher-list=ABC} (here {@code -Djtls.tls-cipher-list=ABC}).
 * Node's {@code crypto.constants.defaultCipherList} checks have no jtls counterpart (no node:crypto).
 */
class TlsCipherListTest {
  private static String defaultCiphersOfAJvm(String... properties) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path")));
    command.addAll(List.of(properties));
    command.add("dev.jtls.tls.TlsDefaultsProgram");
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return out.substring(out.lastIndexOf(' ') + 1); // the program prints min, max, then the cipher list
  }

  @Test
  void theDefaultUnmodified() throws Exception {
    assertEquals(Tls.DEFAULT_CIPHERS(), defaultCiphersOfAJvm());
  }

  @Test
  void theSwitchByItself() throws Exception {
    assertEquals("ABC", defaultCiphersOfAJvm("-Djtls.tls-cipher-list=ABC"));
  }
}

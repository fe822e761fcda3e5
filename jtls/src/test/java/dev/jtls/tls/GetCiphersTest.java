package dev.jtls.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code tls.getCiphers()}: the same list node gives on this machine, in Node's form. */
class GetCiphersTest {
  @Test
  void theListIsNodesForTheSameOpenSsl() throws IOException, InterruptedException {
    Process node = new ProcessBuilder("node", "-p", "require('node:tls').getCiphers().join('\\n')")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(node.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, node.exitValue());
    assertEquals(Arrays.asList(out.strip().split("\n")), Tls.getCiphers());
  }

  @Test
  void namesAreLowerCaseSortedUniqueAndImmutable() {
    List<String> ciphers = Tls.getCiphers();
    assertTrue(ciphers.contains("tls_aes_128_ccm_8_sha256"), "all five TLSv1.3 suites are listed");
    assertTrue(ciphers.contains("ecdhe-rsa-aes128-gcm-sha256"));
    assertEquals(ciphers.stream().sorted().distinct().toList(), ciphers);
    assertTrue(ciphers.stream().allMatch(c -> c.equals(c.toLowerCase(java.util.Locale.ROOT))));
    assertThrows(UnsupportedOperationException.class, () -> ciphers.add("x"));
  }
}

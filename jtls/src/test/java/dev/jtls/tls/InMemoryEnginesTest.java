package dev.jtls.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.internal.bench.EngineBench;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The benchmark-only engine pair of jtls-bench's JMH benchmarks really handshakes and carries data. */
class InMemoryEnginesTest {
  private static final Path PKI = Path.of("src/test/resources/pki");

  @Test
  void handshakesAndCarriesRecordsBothWaysInMemory() {
    try (EngineBench.Pair pair = EngineBench.open(PKI.resolve("server-ec-chain.pem"), PKI.resolve("server-ec.key"),
        PKI.resolve("root-ca.pem"))) {
      assertEquals("TLSv1.3", pair.handshake());
      assertEquals("TLSv1.3", pair.handshake());
      assertEquals(16 * 1024, pair.roundTrip(16 * 1024));
      assertEquals(40_000, pair.roundTrip(40_000));
      assertEquals(1, pair.roundTrip(1));
    }
  }
}

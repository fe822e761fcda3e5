package dev.jtls.bench.jmh;

import dev.jtls.internal.bench.EngineBench;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * jtls's sans-I/O TLS engine alone, two engines connected in memory on one thread, no sockets and no
 * event loop, so that a change in jtls's own code shows without network noise: a full TLS 1.3
 * handshake (ECDSA P-256 server, as the side-by-side benchmark), and a 16 KiB record each way over an
 * established connection. Both include OpenSSL's own cost, which is the same for every version of
 * jtls on one machine; compare runs on the same machine.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xss1m"})
public class EngineBenchmark {
  /** The benchmark certificate of jtls-bench; override with -Djtls.bench.certs=DIR when run elsewhere. */
  private static final Path CERTS = Path.of(System.getProperty("jtls.bench.certs", "jtls-bench/certs"));

  @Param({"16384"})
  public int recordSize;

  private EngineBench.Pair pair;

  @Setup
  public void open() {
    Path cert = CERTS.resolve("bench-ec.pem");
    // The bench certificate is self-signed: the client trusts it as its own CA.
    pair = EngineBench.open(cert, CERTS.resolve("bench-ec.key"), cert);
  }

  @TearDown
  public void close() {
    pair.close();
  }

  /** A full TLS 1.3 handshake between two fresh engines, both freed after. */
  @Benchmark
  public String fullHandshake() {
    return pair.handshake();
  }

  /** {@link #recordSize} bytes encrypted on the client, decrypted on the server, and back. */
  @Benchmark
  public int recordRoundTrip() {
    return pair.roundTrip(recordSize);
  }
}

package dev.jtls.internal.bench;

import java.nio.file.Path;

/**
 * Benchmark-only access to jtls's sans-I/O TLS engine, which is package-private in {@code dev.jtls.tls}
 * and stays so: this package is not exported by the module, and only the JMH benchmarks of jtls-bench
 * (which run jtls on the class path) use it. The engine's package registers its implementation here
 * when first loaded, as the JDK's own internal packages hand out access (SharedSecrets), so no class
 * of the public API grows a method for it.
 */
public final class EngineBench {
  /** The class of {@code dev.jtls.tls} that implements {@link Pair} and registers itself when loaded. */
  private static final String IMPLEMENTATION = "dev.jtls.tls.InMemoryEngines";

  private static volatile Factory factory;

  private EngineBench() {}

  /** Two TLS engines connected in memory, one client and one server, driven by the calling thread. */
  public interface Pair extends AutoCloseable {
    /**
     * One full handshake between a fresh client engine and a fresh server engine, their ciphertext
     * carried in memory; both are freed afterwards. Returns the negotiated protocol ("TLSv1.3").
     */
    String handshake();

    /**
     * Over one connection (handshaken on first use and kept): {@code size} bytes written on the client
     * engine, fed to the server engine and decrypted there, written back and decrypted on the client.
     * Returns the count of bytes that came back.
     */
    int roundTrip(int size);

    /** Frees the engines and contexts. */
    @Override
    void close();
  }

  /** What the engine's package registers. */
  public interface Factory {
    /** A pair whose server has {@code cert} and {@code key}, and whose client trusts {@code ca}. */
    Pair open(Path cert, Path key, Path ca);
  }

  /** Called once by the engine's package when it is loaded. */
  public static void register(Factory implementation) {
    factory = implementation;
  }

  /** A new pair: see {@link Factory#open}. */
  public static Pair open(Path cert, Path key, Path ca) {
    if (factory == null) {
      try {
        Class.forName(IMPLEMENTATION, true, EngineBench.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("jtls has no " + IMPLEMENTATION, e);
      }
    }
    return factory.open(cert, key, ca);
  }
}

package dev.jtls.tls;

import dev.jtls.internal.openssl.Bio;
import dev.jtls.internal.openssl.Err;
import dev.jtls.internal.openssl.Owned;
import dev.jtls.internal.openssl.Pem;
import dev.jtls.internal.openssl.X509Store;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * The X509_STORE of the default trust ({@link RootCertificates}), built once per process on first
 * use and shared by every context created without {@code ca}, as Node shares its root store. It
 * lives as long as the process: each context holds its own reference, and this class holds one
 * that is never dropped.
 */
final class RootCertStore {
  private static MemorySegment store;

  private RootCertStore() {}

  /** The shared store; the caller must take its own reference before handing it to a context. */
  static synchronized MemorySegment get() {
    if (store == null) {
      store = build();
    }
    return store;
  }

  private static MemorySegment build() {
    MemorySegment built = X509Store.create();
    Err.clear();
    try (Owned bio = Bio.ofBytes(RootCertificates.bundle().getBytes(StandardCharsets.US_ASCII))) {
      Pem.forEachX509Aux(bio.get(), cert -> X509Store.addCert(built, cert));
    }
    Err.clear(); // the reader stops at the end of the bundle with PEM's "no start line"
    int added = X509Store.objectCount(built);
    if (added != RootCertificates.list().size()) {
      X509Store.free(built);
      throw new IllegalStateException("only " + added + " of the " + RootCertificates.list().size()
          + " bundled root certificates could be loaded");
    }
    return built;
  }
}

package dev.jtls.internal.openssl;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts the native OpenSSL objects jtls owns and has not freed yet, so tests can prove that
 * nothing leaks: after a test class the counts must be back where they started.
 */
public final class LiveNatives {
  /** The kinds of native object jtls allocates and frees. */
  public enum Kind { SSL, SSL_CTX, X509, EVP_PKEY, BIO, X509_STORE, SSL_SESSION }

  private static final AtomicLongArray COUNTS = new AtomicLongArray(Kind.values().length);

  private LiveNatives() {}

  static void allocated(Kind kind) {
    COUNTS.incrementAndGet(kind.ordinal());
  }

  static void freed(Kind kind) {
    COUNTS.decrementAndGet(kind.ordinal());
  }

  /** How many objects of {@code kind} are alive now. */
  public static long count(Kind kind) {
    return COUNTS.get(kind.ordinal());
  }

  /** A snapshot of every count. */
  public static Map<Kind, Long> snapshot() {
    Map<Kind, Long> map = new EnumMap<>(Kind.class);
    for (Kind k : Kind.values()) {
      map.put(k, count(k));
    }
    return map;
  }
}

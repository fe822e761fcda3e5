package dev.jtls.internal.openssl;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds and loads the system OpenSSL 3 ({@code libssl.so.3}, {@code libcrypto.so.3}) and links
 * downcalls against it. The libraries are loaded into the global arena, so they stay loaded for
 * the life of the process (and so outlive every SSL_CTX).
 *
 * <p>System properties {@code jtls.openssl.libssl} and {@code jtls.openssl.libcrypto} name other
 * files (a path or a library name for the dynamic linker).
 */
public final class Lib {
  public static final String LIBSSL_PROPERTY = "jtls.openssl.libssl";
  public static final String LIBCRYPTO_PROPERTY = "jtls.openssl.libcrypto";
  /** OpenSSL 3.0.0 as OPENSSL_VERSION_NUMBER encodes it (0xMNN00PP0L). */
  static final long MIN_VERSION = 0x30000000L;

  static final Linker LINKER = Linker.nativeLinker();
  public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
  public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
  public static final ValueLayout.OfLong SIZE_T = ValueLayout.JAVA_LONG;
  public static final AddressLayout C_POINTER = ValueLayout.ADDRESS;

  private static final Loaded LOADED = load();

  private record Loaded(SymbolLookup ssl, SymbolLookup crypto, long version, String versionText, String problem) {}

  private Lib() {}

  /** Whether OpenSSL 3 was found and loaded. */
  public static boolean isAvailable() {
    return LOADED.problem == null;
  }

  /** Why OpenSSL is unavailable, or {@code null} when it is available. */
  public static String problem() {
    return LOADED.problem;
  }

  /** OpenSSL's own version line, e.g. {@code "OpenSSL 3.0.19 27 Jan 2026"}. */
  public static String versionText() {
    ensureAvailable();
    return LOADED.versionText;
  }

  /** OpenSSL's OPENSSL_VERSION_NUMBER. */
  public static long versionNumber() {
    ensureAvailable();
    return LOADED.version;
  }

  /** Throws {@link OpenSslUnavailableException} naming what was looked for, unless OpenSSL is loaded. */
  public static void ensureAvailable() {
    if (LOADED.problem != null) {
      throw new OpenSslUnavailableException(LOADED.problem);
    }
  }

  /** Links a function of libssl (falling back to libcrypto). */
  static MethodHandle ssl(String name, FunctionDescriptor fd, Linker.Option... options) {
    ensureAvailable();
    MemorySegment symbol = LOADED.ssl.find(name).or(() -> LOADED.crypto.find(name))
        .orElseThrow(() -> new OpenSslUnavailableException("OpenSSL has no function " + name));
    return LINKER.downcallHandle(symbol, fd, options);
  }

  /** Links a function of libcrypto. */
  static MethodHandle crypto(String name, FunctionDescriptor fd, Linker.Option... options) {
    ensureAvailable();
    MemorySegment symbol = LOADED.crypto.find(name)
        .orElseThrow(() -> new OpenSslUnavailableException("OpenSSL has no function " + name));
    return LINKER.downcallHandle(symbol, fd, options);
  }

  /** Links a function that may be missing from this OpenSSL build; empty if it is. */
  static Optional<MethodHandle> optional(String name, FunctionDescriptor fd) {
    if (!isAvailable()) {
      return Optional.empty();
    }
    return LOADED.ssl.find(name).or(() -> LOADED.crypto.find(name)).map(s -> LINKER.downcallHandle(s, fd));
  }

  /** The address of a function that may be missing from this OpenSSL build, to hand to OpenSSL itself as a callback; empty if it is. */
  static Optional<MemorySegment> function(String name) {
    if (!isAvailable()) {
      return Optional.empty();
    }
    return LOADED.ssl.find(name).or(() -> LOADED.crypto.find(name));
  }

  /** Turns a Throwable from {@code invokeExact} into an unchecked one (downcalls throw none themselves). */
  static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException re) {
      return re;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException("native call failed", t);
  }

  private static Loaded load() {
    String sslName = System.getProperty(LIBSSL_PROPERTY, "libssl.so.3");
    String cryptoName = System.getProperty(LIBCRYPTO_PROPERTY, "libcrypto.so.3");
    String lookedFor = "looked for " + sslName + " and " + cryptoName
        + " (set -D" + LIBSSL_PROPERTY + "= and -D" + LIBCRYPTO_PROPERTY + "= to use other files)";
    try {
      SymbolLookup crypto = open(cryptoName);
      SymbolLookup ssl = open(sslName);
      MemorySegment versionNum = crypto.find("OpenSSL_version_num").orElse(null);
      MemorySegment versionStr = crypto.find("OpenSSL_version").orElse(null);
      if (versionNum == null || versionStr == null) {
        return new Loaded(null, null, 0, null, "jtls needs OpenSSL 3, but " + cryptoName + " has no OpenSSL_version_num; " + lookedFor);
      }
      long version = (long) LINKER.downcallHandle(versionNum, FunctionDescriptor.of(C_LONG)).invokeExact();
      MemorySegment text = (MemorySegment) LINKER.downcallHandle(versionStr, FunctionDescriptor.of(C_POINTER, C_INT))
          .invokeExact(0);
      String versionText = text.reinterpret(256).getString(0);
      if (version < MIN_VERSION) {
        return new Loaded(null, null, version, versionText,
            "jtls needs OpenSSL 3.0 or newer, but found " + versionText + "; " + lookedFor);
      }
      return new Loaded(ssl, crypto, version, versionText, null);
    } catch (Throwable e) {
      return new Loaded(null, null, 0, null, "jtls could not load OpenSSL 3: " + e.getMessage() + "; " + lookedFor);
    }
  }

  private static SymbolLookup open(String name) {
    List<Path> candidates = new ArrayList<>();
    if (!name.contains("/")) {
      for (String dir : List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib64", "/lib")) {
        candidates.add(Path.of(dir, name));
      }
    }
    for (Path p : candidates) {
      if (Files.isRegularFile(p)) {
        return SymbolLookup.libraryLookup(p, Arena.global());
      }
    }
    // Let the dynamic linker search its own paths (LD_LIBRARY_PATH, ld.so.cache).
    return SymbolLookup.libraryLookup(name, Arena.global());
  }
}

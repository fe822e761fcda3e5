package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_INT;
import static dev.jtls.internal.openssl.Lib.C_POINTER;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** OpenSSL's allocator: memory that OpenSSL allocates and the caller must give back. */
final class Crypto {
  private static final MethodHandle CRYPTO_free = Lib.crypto("CRYPTO_free",
      FunctionDescriptor.ofVoid(C_POINTER, C_POINTER, C_INT));

  private Crypto() {}

  /** OPENSSL_free. */
  static void free(MemorySegment p) {
    try {
      CRYPTO_free.invokeExact(p, MemorySegment.NULL, 0);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** Copies {@code len} bytes that OpenSSL allocated at {@code p}, then frees them. */
  static byte[] takeBytes(MemorySegment p, int len) {
    try {
      return p.reinterpret(len).toArray(ValueLayout.JAVA_BYTE);
    } finally {
      free(p);
    }
  }
}

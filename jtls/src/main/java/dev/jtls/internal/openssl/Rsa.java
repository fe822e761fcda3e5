package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_INT;
import static dev.jtls.internal.openssl.Lib.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** OpenSSL's RSA area (the legacy RSA* view of a key, which is what Node reads certificates through). */
public final class Rsa {
  private static final MethodHandle RSA_get0_key = Lib.crypto("RSA_get0_key",
      FunctionDescriptor.ofVoid(C_POINTER, C_POINTER, C_POINTER, C_POINTER));
  private static final MethodHandle i2d_RSA_PUBKEY = Lib.crypto("i2d_RSA_PUBKEY",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));

  private Rsa() {}

  /** The modulus n, borrowed from the key. */
  public static MemorySegment modulus(MemorySegment rsa) {
    return keyPart(rsa, 0);
  }

  /** The public exponent e, borrowed from the key. */
  public static MemorySegment exponent(MemorySegment rsa) {
    return keyPart(rsa, 1);
  }

  private static MemorySegment keyPart(MemorySegment rsa, int which) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment n = arena.allocate(C_POINTER);
      MemorySegment e = arena.allocate(C_POINTER);
      RSA_get0_key.invokeExact(rsa, n, e, MemorySegment.NULL);
      return (which == 0 ? n : e).get(C_POINTER, 0);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** i2d_RSA_PUBKEY: the public key as a DER SubjectPublicKeyInfo. */
  public static byte[] publicKeyDer(MemorySegment rsa) {
    return Der.encode(i2d_RSA_PUBKEY, rsa);
  }
}

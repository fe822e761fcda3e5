package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_INT;
import static dev.jtls.internal.openssl.Lib.C_LONG;
import static dev.jtls.internal.openssl.Lib.C_POINTER;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** OpenSSL's BN area: big numbers, printed the way OpenSSL prints them. */
public final class Bn {
  private static final MethodHandle BN_bn2hex = Lib.crypto("BN_bn2hex", FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle BN_print = Lib.crypto("BN_print", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  private static final MethodHandle BN_num_bits = Lib.crypto("BN_num_bits", FunctionDescriptor.of(C_INT, C_POINTER));
  private static final MethodHandle BN_get_word = Lib.crypto("BN_get_word", FunctionDescriptor.of(C_LONG, C_POINTER));
  private static final MethodHandle BN_free = Lib.crypto("BN_free", FunctionDescriptor.ofVoid(C_POINTER));

  private Bn() {}

  /** BN_bn2hex: uppercase hex, whole bytes, {@code "0"} for zero, {@code -} for negatives. */
  public static String hex(MemorySegment bn) {
    try {
      MemorySegment s = (MemorySegment) BN_bn2hex.invokeExact(bn);
      if (s.equals(MemorySegment.NULL)) {
        throw new OutOfMemoryError("BN_bn2hex failed");
      }
      try {
        return Err.string(s);
      } finally {
        Crypto.free(s);
      }
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** BN_print's text: uppercase hex without leading zero digits. */
  public static String printed(MemorySegment bn) {
    try (Owned bio = Bio.newMem()) {
      int ignored = (int) BN_print.invokeExact(bio.get(), bn);
      return Bio.readString(bio.get());
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** BN_num_bits. */
  public static int numBits(MemorySegment bn) {
    try {
      return (int) BN_num_bits.invokeExact(bn);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** BN_get_word: the value as an unsigned 64-bit word (all ones when it does not fit). */
  public static long word(MemorySegment bn) {
    try {
      return (long) BN_get_word.invokeExact(bn);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** BN_free of a BIGNUM this code received ownership of. */
  static void free(MemorySegment bn) {
    try {
      BN_free.invokeExact(bn);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }
}

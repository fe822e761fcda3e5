package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_INT;
import static dev.jtls.internal.openssl.Lib.C_POINTER;
import static dev.jtls.internal.openssl.Lib.SIZE_T;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** OpenSSL's EC area (the legacy EC_KEY* view of a key, which is what Node reads certificates through). */
public final class Ec {
  private static final MethodHandle EC_KEY_get0_group = Lib.crypto("EC_KEY_get0_group",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle EC_KEY_get0_public_key = Lib.crypto("EC_KEY_get0_public_key",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle EC_KEY_get_conv_form = Lib.crypto("EC_KEY_get_conv_form",
      FunctionDescriptor.of(C_INT, C_POINTER));
  private static final MethodHandle EC_POINT_point2oct = Lib.crypto("EC_POINT_point2oct",
      FunctionDescriptor.of(SIZE_T, C_POINTER, C_POINTER, C_INT, C_POINTER, SIZE_T, C_POINTER));
  private static final MethodHandle EC_GROUP_get_curve_name = Lib.crypto("EC_GROUP_get_curve_name",
      FunctionDescriptor.of(C_INT, C_POINTER));
  private static final MethodHandle EC_GROUP_order_bits = Lib.crypto("EC_GROUP_order_bits",
      FunctionDescriptor.of(C_INT, C_POINTER));
  private static final MethodHandle EC_curve_nid2nist = Lib.crypto("EC_curve_nid2nist",
      FunctionDescriptor.of(C_POINTER, C_INT));

  private Ec() {}

  /** The key's group, borrowed; may be NULL. */
  public static MemorySegment group(MemorySegment ecKey) {
    try {
      return (MemorySegment) EC_KEY_get0_group.invokeExact(ecKey);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /**
   * The public point encoded in the key's own conversion form (uncompressed {@code 04 || x || y}
   * unless the certificate carried it compressed), or null when the key has no public point.
   */
  public static byte[] publicPoint(MemorySegment ecKey) {
    try {
      return point(ecKey, (int) EC_KEY_get_conv_form.invokeExact(ecKey));
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** POINT_CONVERSION_UNCOMPRESSED. */
  private static final int UNCOMPRESSED = 4;

  /** The public point uncompressed ({@code 04 || x || y}), whatever form the key came in; null without one. */
  public static byte[] uncompressedPublicPoint(MemorySegment ecKey) {
    return point(ecKey, UNCOMPRESSED);
  }

  private static byte[] point(MemorySegment ecKey, int form) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment group = group(ecKey);
      MemorySegment point = (MemorySegment) EC_KEY_get0_public_key.invokeExact(ecKey);
      if (point.equals(MemorySegment.NULL)) {
        return null;
      }
      long len = (long) EC_POINT_point2oct.invokeExact(group, point, form, MemorySegment.NULL, 0L, MemorySegment.NULL);
      if (len == 0) {
        throw new IllegalStateException("EC_POINT_point2oct failed");
      }
      MemorySegment buf = arena.allocate(len);
      long written = (long) EC_POINT_point2oct.invokeExact(group, point, form, buf, len, MemorySegment.NULL);
      if (written == 0) {
        throw new IllegalStateException("EC_POINT_point2oct failed");
      }
      return buf.asSlice(0, written).toArray(ValueLayout.JAVA_BYTE);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** The NID of a named curve, or 0 for a curve given by its parameters. */
  public static int curveNid(MemorySegment group) {
    try {
      return (int) EC_GROUP_get_curve_name.invokeExact(group);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** The bit length of the group's order (what Node reports as {@code bits}). */
  public static int orderBits(MemorySegment group) {
    try {
      return (int) EC_GROUP_order_bits.invokeExact(group);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** The NIST name of a curve (e.g. {@code P-256}), or null when NIST named none. */
  public static String nistName(int nid) {
    try {
      return Err.string((MemorySegment) EC_curve_nid2nist.invokeExact(nid));
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }
}

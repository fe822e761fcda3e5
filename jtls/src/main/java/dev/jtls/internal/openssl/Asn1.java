package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_INT;
import static dev.jtls.internal.openssl.Lib.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** OpenSSL's ASN1 area: strings, times, integers and ANY values as certificates carry them. */
public final class Asn1 {
  private static final MethodHandle ASN1_STRING_length = Lib.crypto("ASN1_STRING_length",
      FunctionDescriptor.of(C_INT, C_POINTER));
  private static final MethodHandle ASN1_STRING_get0_data = Lib.crypto("ASN1_STRING_get0_data",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle ASN1_STRING_to_UTF8 = Lib.crypto("ASN1_STRING_to_UTF8",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  private static final MethodHandle ASN1_TIME_print = Lib.crypto("ASN1_TIME_print",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  private static final MethodHandle ASN1_INTEGER_to_BN = Lib.crypto("ASN1_INTEGER_to_BN",
      FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER));
  private static final MethodHandle ASN1_TYPE_get = Lib.crypto("ASN1_TYPE_get", FunctionDescriptor.of(C_INT, C_POINTER));

  /** V_ASN1_UTF8STRING. */
  public static final int V_ASN1_UTF8STRING = 12;
  /** V_ASN1_IA5STRING. */
  public static final int V_ASN1_IA5STRING = 22;
  /** Offset of the value union in asn1.h's public {@code struct asn1_type_st { int type; union {...} value; }}. */
  private static final long ASN1_TYPE_VALUE_OFFSET = 8;

  private Asn1() {}

  /** The raw content bytes of an ASN1_STRING (IA5String, OCTET STRING, ...). */
  public static byte[] bytes(MemorySegment string) {
    try {
      int len = (int) ASN1_STRING_length.invokeExact(string);
      MemorySegment data = (MemorySegment) ASN1_STRING_get0_data.invokeExact(string);
      return len <= 0 ? new byte[0] : data.reinterpret(len).toArray(ValueLayout.JAVA_BYTE);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** ASN1_STRING_to_UTF8: the value converted to UTF-8 bytes, or null when it cannot be converted. */
  public static byte[] toUtf8(MemorySegment string) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(C_POINTER);
      int len = (int) ASN1_STRING_to_UTF8.invokeExact(out, string);
      if (len < 0) {
        return null;
      }
      return Crypto.takeBytes(out.get(C_POINTER, 0), len);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /**
   * ASN1_TIME_print's text for a time, e.g. {@code "Sep  3 21:40:37 2022 GMT"} (or OpenSSL's
   * {@code "Bad time value"} for a malformed one).
   */
  public static String timeText(MemorySegment time) {
    try (Owned bio = Bio.newMem()) {
      int ignored = (int) ASN1_TIME_print.invokeExact(bio.get(), time);
      return Bio.readString(bio.get());
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** BN_bn2hex of an ASN1_INTEGER: uppercase hex without leading zero bytes, or null on failure. */
  public static String integerHex(MemorySegment integer) {
    try {
      MemorySegment bn = (MemorySegment) ASN1_INTEGER_to_BN.invokeExact(integer, MemorySegment.NULL);
      if (bn.equals(MemorySegment.NULL)) {
        return null;
      }
      try {
        return Bn.hex(bn);
      } finally {
        Bn.free(bn);
      }
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** ASN1_TYPE_get: the V_ASN1_* tag of an ANY value. */
  public static int typeOf(MemorySegment any) {
    try {
      return (int) ASN1_TYPE_get.invokeExact(any);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** The ASN1_STRING an ANY value holds when its type is a string type (borrowed). */
  public static MemorySegment stringOf(MemorySegment any) {
    return any.reinterpret(ASN1_TYPE_VALUE_OFFSET + C_POINTER.byteSize()).get(C_POINTER, ASN1_TYPE_VALUE_OFFSET);
  }
}

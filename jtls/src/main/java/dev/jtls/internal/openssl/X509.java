package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_INT;
import static dev.jtls.internal.openssl.Lib.C_LONG;
import static dev.jtls.internal.openssl.Lib.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** OpenSSL's X509 area: certificates, their encodings and reference counts. */
public final class X509 {
  static final MethodHandle X509_free = Lib.crypto("X509_free", FunctionDescriptor.ofVoid(C_POINTER));
  private static final MethodHandle X509_up_ref = Lib.crypto("X509_up_ref", FunctionDescriptor.of(C_INT, C_POINTER));
  private static final MethodHandle i2d_X509 = Lib.crypto("i2d_X509", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  private static final MethodHandle d2i_X509 = Lib.crypto("d2i_X509",
      FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER, C_LONG));

  private X509() {}

  /** Takes ownership of an X509* this code holds a reference to. */
  public static Owned own(MemorySegment x509) {
    return Owned.of(x509, LiveNatives.Kind.X509, X509_free);
  }

  /** Adds a reference to a borrowed X509* and owns that reference. */
  public static Owned upRef(MemorySegment x509) {
    try {
      if ((int) X509_up_ref.invokeExact(x509) != 1) {
        throw new IllegalStateException("X509_up_ref failed");
      }
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
    return own(x509);
  }

  /** The DER encoding of a certificate. */
  public static byte[] toDer(MemorySegment x509) {
    try (Arena arena = Arena.ofConfined()) {
      int len = (int) i2d_X509.invokeExact(x509, MemorySegment.NULL);
      if (len <= 0) {
        throw new IllegalStateException("i2d_X509 failed");
      }
      MemorySegment buf = arena.allocate(len);
      MemorySegment cursor = arena.allocate(C_POINTER);
      cursor.set(C_POINTER, 0, buf);
      int written = (int) i2d_X509.invokeExact(x509, cursor);
      return buf.asSlice(0, written).toArray(ValueLayout.JAVA_BYTE);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** Parses DER into an owned X509*, or returns null when the bytes are not a certificate. */
  public static Owned fromDer(byte[] der) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buf = arena.allocateFrom(ValueLayout.JAVA_BYTE, der);
      MemorySegment cursor = arena.allocate(C_POINTER);
      cursor.set(C_POINTER, 0, buf);
      MemorySegment x = (MemorySegment) d2i_X509.invokeExact(MemorySegment.NULL, cursor, (long) der.length);
      return x.equals(MemorySegment.NULL) ? null : own(x);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }
}

package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** OpenSSL's i2d_* / d2i_* calling conventions: DER out of an object, an object out of DER. */
final class Der {
  private Der() {}

  /** {@code int i2d_TYPE(const TYPE *, unsigned char **)}: the DER encoding of {@code object}. */
  static byte[] encode(MethodHandle i2d, MemorySegment object) {
    try (Arena arena = Arena.ofConfined()) {
      int len = (int) i2d.invokeExact(object, MemorySegment.NULL);
      if (len <= 0) {
        throw new IllegalStateException("DER encoding failed");
      }
      MemorySegment buf = arena.allocate(len);
      MemorySegment cursor = arena.allocate(C_POINTER);
      cursor.set(C_POINTER, 0, buf);
      int written = (int) i2d.invokeExact(object, cursor);
      return buf.asSlice(0, written).toArray(ValueLayout.JAVA_BYTE);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /**
   * {@code TYPE *d2i_TYPE(TYPE **, const unsigned char **, long)}: a new object decoded from
   * {@code der} (the caller owns it), or NULL when the bytes do not decode (the reason is queued).
   */
  static MemorySegment decode(MethodHandle d2i, byte[] der) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buf = arena.allocateFrom(ValueLayout.JAVA_BYTE, der.length == 0 ? new byte[1] : der);
      MemorySegment cursor = arena.allocate(C_POINTER);
      cursor.set(C_POINTER, 0, buf);
      return (MemorySegment) d2i.invokeExact(MemorySegment.NULL, cursor, (long) der.length);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }
}

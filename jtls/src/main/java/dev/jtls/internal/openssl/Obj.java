package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_INT;
import static dev.jtls.internal.openssl.Lib.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** OpenSSL's OBJ area: object identifiers, their NIDs and names. */
public final class Obj {
  private static final MethodHandle OBJ_obj2nid = Lib.crypto("OBJ_obj2nid", FunctionDescriptor.of(C_INT, C_POINTER));
  private static final MethodHandle OBJ_nid2sn = Lib.crypto("OBJ_nid2sn", FunctionDescriptor.of(C_POINTER, C_INT));
  private static final MethodHandle OBJ_obj2txt = Lib.crypto("OBJ_obj2txt",
      FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_POINTER, C_INT));

  /** NID_undef: OpenSSL does not know the OID. */
  public static final int NID_UNDEF = 0;

  private Obj() {}

  /** The NID of an ASN1_OBJECT, or {@link #NID_UNDEF}. */
  public static int nid(MemorySegment obj) {
    try {
      return (int) OBJ_obj2nid.invokeExact(obj);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** The short name of a NID (e.g. {@code CN}), or null. */
  public static String shortName(int nid) {
    try {
      return Err.string((MemorySegment) OBJ_nid2sn.invokeExact(nid));
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /**
   * OBJ_obj2txt into a buffer of {@code capacity} bytes, so a long OID is cut exactly where
   * OpenSSL cuts it for a caller with that buffer: the dotted OID when {@code numeric}, else
   * the long name when OpenSSL knows one (what {@code i2t_ASN1_OBJECT} prints). Null on failure.
   */
  public static String text(MemorySegment obj, boolean numeric, int capacity) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment buf = arena.allocate(capacity);
      int n = (int) OBJ_obj2txt.invokeExact(buf, capacity, obj, numeric ? 1 : 0);
      return n < 0 ? null : buf.getString(0);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }
}

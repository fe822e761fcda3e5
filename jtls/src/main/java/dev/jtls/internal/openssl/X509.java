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

  private static final MethodHandle X509_get_subject_name = Lib.crypto("X509_get_subject_name",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle X509_get_issuer_name = Lib.crypto("X509_get_issuer_name",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle X509_check_ca = Lib.crypto("X509_check_ca", FunctionDescriptor.of(C_INT, C_POINTER));
  private static final MethodHandle X509_check_issued = Lib.crypto("X509_check_issued",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  private static final MethodHandle X509_cmp = Lib.crypto("X509_cmp", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  private static final MethodHandle X509_get0_pubkey = Lib.crypto("X509_get0_pubkey",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle X509_get0_notBefore = Lib.crypto("X509_get0_notBefore",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle X509_get0_notAfter = Lib.crypto("X509_get0_notAfter",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle X509_get_serialNumber = Lib.crypto("X509_get_serialNumber",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle X509_get_ext_by_NID = Lib.crypto("X509_get_ext_by_NID",
      FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT));
  private static final MethodHandle X509_get_ext = Lib.crypto("X509_get_ext",
      FunctionDescriptor.of(C_POINTER, C_POINTER, C_INT));
  private static final MethodHandle X509_get_ext_d2i = Lib.crypto("X509_get_ext_d2i",
      FunctionDescriptor.of(C_POINTER, C_POINTER, C_INT, C_POINTER, C_POINTER));

  /** X509_V_OK, what X509_check_issued answers when the issuer matches. */
  public static final int X509_V_OK = 0;

  /** The subject X509_NAME, borrowed. */
  public static MemorySegment subjectName(MemorySegment x509) {
    return pointerOf(X509_get_subject_name, x509);
  }

  /** The issuer X509_NAME, borrowed. */
  public static MemorySegment issuerName(MemorySegment x509) {
    return pointerOf(X509_get_issuer_name, x509);
  }

  /** The public key (EVP_PKEY*), borrowed; NULL when OpenSSL cannot decode it. */
  public static MemorySegment publicKey(MemorySegment x509) {
    return pointerOf(X509_get0_pubkey, x509);
  }

  /** notBefore (ASN1_TIME*), borrowed. */
  public static MemorySegment notBefore(MemorySegment x509) {
    return pointerOf(X509_get0_notBefore, x509);
  }

  /** notAfter (ASN1_TIME*), borrowed. */
  public static MemorySegment notAfter(MemorySegment x509) {
    return pointerOf(X509_get0_notAfter, x509);
  }

  /** The serial number (ASN1_INTEGER*), borrowed. */
  public static MemorySegment serialNumber(MemorySegment x509) {
    return pointerOf(X509_get_serialNumber, x509);
  }

  private static MemorySegment pointerOf(MethodHandle getter, MemorySegment x509) {
    try {
      return (MemorySegment) getter.invokeExact(x509);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** X509_check_ca: 1 for a CA certificate, other values for the various kinds of non-CA or V1 CA. */
  public static int checkCa(MemorySegment x509) {
    try {
      return (int) X509_check_ca.invokeExact(x509);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** X509_check_issued: {@link #X509_V_OK} when {@code issuer} issued {@code subject}. */
  public static int checkIssued(MemorySegment issuer, MemorySegment subject) {
    try {
      return (int) X509_check_issued.invokeExact(issuer, subject);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** Whether two certificates are the same certificate (X509_cmp). */
  public static boolean same(MemorySegment a, MemorySegment b) {
    try {
      return (int) X509_cmp.invokeExact(a, b) == 0;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** The first extension with {@code nid} (X509_EXTENSION*, borrowed), or NULL when there is none. */
  public static MemorySegment extension(MemorySegment x509, int nid) {
    try {
      int index = (int) X509_get_ext_by_NID.invokeExact(x509, nid, -1);
      return index < 0 ? MemorySegment.NULL : (MemorySegment) X509_get_ext.invokeExact(x509, index);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /**
   * X509_get_ext_d2i: the decoded value of the extension {@code nid} (owned by the caller), or
   * NULL when it is absent, repeated or undecodable.
   */
  public static MemorySegment decodedExtension(MemorySegment x509, int nid) {
    try {
      return (MemorySegment) X509_get_ext_d2i.invokeExact(x509, nid, MemorySegment.NULL, MemorySegment.NULL);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }
}

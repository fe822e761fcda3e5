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
    return Der.encode(i2d_X509, x509);
  }

  /** Parses DER into an owned X509*, or returns null when the bytes are not a certificate. */
  public static Owned fromDer(byte[] der) {
    MemorySegment x = Der.decode(d2i_X509, der);
    return x.equals(MemorySegment.NULL) ? null : own(x);
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

  private static final MethodHandle X509_check_host = Lib.crypto("X509_check_host",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_LONG, C_INT, C_POINTER));
  private static final MethodHandle X509_check_email = Lib.crypto("X509_check_email",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_LONG, C_INT));
  private static final MethodHandle X509_check_ip_asc = Lib.crypto("X509_check_ip_asc",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT));
  private static final MethodHandle X509_verify = Lib.crypto("X509_verify", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  private static final MethodHandle X509_check_private_key = Lib.crypto("X509_check_private_key",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  private static final MethodHandle X509_get_X509_PUBKEY = Lib.crypto("X509_get_X509_PUBKEY",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle i2d_X509_PUBKEY = Lib.crypto("i2d_X509_PUBKEY",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));

  /** X509_CHECK_FLAG_* of X509_check_host and X509_check_email. */
  public static final int CHECK_FLAG_ALWAYS_CHECK_SUBJECT = 0x1;
  public static final int CHECK_FLAG_NO_WILDCARDS = 0x2;
  public static final int CHECK_FLAG_NO_PARTIAL_WILDCARDS = 0x4;
  public static final int CHECK_FLAG_MULTI_LABEL_WILDCARDS = 0x8;
  public static final int CHECK_FLAG_SINGLE_LABEL_SUBDOMAINS = 0x10;
  public static final int CHECK_FLAG_NEVER_CHECK_SUBJECT = 0x20;

  /**
   * What X509_check_host, X509_check_email and X509_check_ip answer: {@code result} 1 on a match
   * (then {@code peername} is the certificate's name that matched, when OpenSSL reports one), 0
   * for none, -2 for malformed input, other negative values for an internal error.
   */
  public record Check(int result, String peername) {}

  /** X509_check_host over the bytes of {@code name} (which may hold a NUL: OpenSSL rejects that as malformed). */
  public static Check checkHost(MemorySegment x509, byte[] name, int flags) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment peername = arena.allocate(C_POINTER);
      int result = (int) X509_check_host.invokeExact(x509, bytes(arena, name), (long) name.length, flags, peername);
      MemorySegment matched = peername.get(C_POINTER, 0);
      if (matched.equals(MemorySegment.NULL)) {
        return new Check(result, null);
      }
      try {
        return new Check(result, matched.reinterpret(Integer.MAX_VALUE).getString(0));
      } finally {
        Crypto.free(matched);
      }
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** X509_check_email over the bytes of {@code address}. */
  public static int checkEmail(MemorySegment x509, byte[] address, int flags) {
    try (Arena arena = Arena.ofConfined()) {
      return (int) X509_check_email.invokeExact(x509, bytes(arena, address), (long) address.length, flags);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /**
   * X509_check_ip_asc: {@code address} in text form, as a C string (it ends at its first NUL, as
   * it does for Node, which passes the same C string).
   */
  public static int checkIpText(MemorySegment x509, byte[] address, int flags) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment text = arena.allocate(address.length + 1L);
      MemorySegment.copy(address, 0, text, ValueLayout.JAVA_BYTE, 0, address.length);
      return (int) X509_check_ip_asc.invokeExact(x509, text, flags);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** X509_verify: 1 when {@code pkey} verifies the certificate's signature, 0 when not, negative on error. */
  public static int verify(MemorySegment x509, MemorySegment pkey) {
    try {
      return (int) X509_verify.invokeExact(x509, pkey);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** X509_check_private_key: 1 when {@code pkey} is the private half of the certificate's public key. */
  public static int checkPrivateKey(MemorySegment x509, MemorySegment pkey) {
    try {
      return (int) X509_check_private_key.invokeExact(x509, pkey);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /**
   * The certificate's SubjectPublicKeyInfo in DER, as it is in the certificate (also for a key
   * OpenSSL cannot decode).
   */
  public static byte[] publicKeyInfoDer(MemorySegment x509) {
    return Der.encode(i2d_X509_PUBKEY, pointerOf(X509_get_X509_PUBKEY, x509));
  }

  private static MemorySegment bytes(Arena arena, byte[] b) {
    return b.length == 0 ? arena.allocate(1) : arena.allocateFrom(ValueLayout.JAVA_BYTE, b);
  }
}

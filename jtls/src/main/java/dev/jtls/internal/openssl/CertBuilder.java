package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_INT;
import static dev.jtls.internal.openssl.Lib.C_LONG;
import static dev.jtls.internal.openssl.Lib.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/**
 * The OpenSSL calls that make a key pair and an X509v3 certificate in memory: key generation,
 * the certificate's fields and extensions, signing, and PEM output. Each method reports failure
 * through its return value and leaves OpenSSL's reasons in the calling thread's error queue.
 */
public final class CertBuilder {
  // EVP_PKEY_Q_keygen(libctx, propq, type, ...): for "EC" the one variadic argument is the curve name.
  private static final MethodHandle EVP_PKEY_Q_keygen = Lib.crypto("EVP_PKEY_Q_keygen",
      FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER), Linker.Option.firstVariadicArg(3));
  private static final MethodHandle X509_new = Lib.crypto("X509_new", FunctionDescriptor.of(C_POINTER));
  private static final MethodHandle X509_set_version = Lib.crypto("X509_set_version",
      FunctionDescriptor.of(C_INT, C_POINTER, C_LONG));
  private static final MethodHandle X509_get_serialNumber = Lib.crypto("X509_get_serialNumber",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle ASN1_STRING_set = Lib.crypto("ASN1_STRING_set",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT));
  private static final MethodHandle X509_getm_notBefore = Lib.crypto("X509_getm_notBefore",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle X509_getm_notAfter = Lib.crypto("X509_getm_notAfter",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  // time_t is a long on the LP64 platforms jtls runs on.
  private static final MethodHandle ASN1_TIME_set = Lib.crypto("ASN1_TIME_set",
      FunctionDescriptor.of(C_POINTER, C_POINTER, C_LONG));
  private static final MethodHandle X509_set_pubkey = Lib.crypto("X509_set_pubkey",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  private static final MethodHandle X509_get_subject_name = Lib.crypto("X509_get_subject_name",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle X509_NAME_add_entry_by_txt = Lib.crypto("X509_NAME_add_entry_by_txt",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT, C_POINTER, C_INT, C_INT, C_INT));
  private static final MethodHandle X509_set_issuer_name = Lib.crypto("X509_set_issuer_name",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  private static final MethodHandle X509V3_set_ctx = Lib.crypto("X509V3_set_ctx",
      FunctionDescriptor.ofVoid(C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_INT));
  private static final MethodHandle X509V3_EXT_nconf_nid = Lib.crypto("X509V3_EXT_nconf_nid",
      FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER));
  private static final MethodHandle X509_add_ext = Lib.crypto("X509_add_ext",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT));
  private static final MethodHandle X509_EXTENSION_free = Lib.crypto("X509_EXTENSION_free",
      FunctionDescriptor.ofVoid(C_POINTER));
  private static final MethodHandle EVP_sha256 = Lib.crypto("EVP_sha256", FunctionDescriptor.of(C_POINTER));
  private static final MethodHandle X509_sign = Lib.crypto("X509_sign",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER));
  private static final MethodHandle PEM_write_bio_X509 = Lib.crypto("PEM_write_bio_X509",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  private static final MethodHandle PEM_write_bio_PKCS8PrivateKey = Lib.crypto("PEM_write_bio_PKCS8PrivateKey",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER, C_POINTER));

  /** X509_VERSION_3: the version field holds the version minus one. */
  private static final long VERSION_3 = 2;
  /** MBSTRING_UTF8 (asn1.h). */
  private static final int MBSTRING_UTF8 = 0x1000;

  /** Extension NIDs (obj_mac.h). */
  public static final int NID_SUBJECT_KEY_IDENTIFIER = 82;
  public static final int NID_KEY_USAGE = 83;
  public static final int NID_SUBJECT_ALT_NAME = 85;
  public static final int NID_BASIC_CONSTRAINTS = 87;
  public static final int NID_EXT_KEY_USAGE = 126;

  /** struct v3_ext_ctx of OpenSSL 3.0 (x509v3.h): flags, then issuer, subject, req, crl, db_meth, db, issuer_pkey. */
  private static final MemoryLayout V3_EXT_CTX = MemoryLayout.structLayout(
      C_INT, MemoryLayout.paddingLayout(4), MemoryLayout.sequenceLayout(7, C_POINTER));
  /** The header says more fields may follow in later releases, so X509V3_set_ctx gets room to spare. */
  private static final long V3_EXT_CTX_ROOM = 4 * V3_EXT_CTX.byteSize();

  private CertBuilder() {}

  /** A new owned key pair on the named elliptic curve (e.g. {@code "P-256"}), or null on failure. */
  public static Owned generateEcKey(String curve) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment pkey = (MemorySegment) EVP_PKEY_Q_keygen.invokeExact(MemorySegment.NULL, MemorySegment.NULL,
          arena.allocateFrom("EC"), arena.allocateFrom(curve));
      return pkey.equals(MemorySegment.NULL) ? null : Evp.own(pkey);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** A new owned, empty certificate, or null on failure. */
  public static Owned newCertificate() {
    try {
      MemorySegment x509 = (MemorySegment) X509_new.invokeExact();
      return x509.equals(MemorySegment.NULL) ? null : X509.own(x509);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** Marks the certificate as X509v3 (needed for extensions). */
  public static boolean setVersion3(MemorySegment x509) {
    try {
      return (int) X509_set_version.invokeExact(x509, VERSION_3) == 1;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** Sets the serial number from its big-endian magnitude, which must be non-empty and start with a non-zero byte. */
  public static boolean setSerial(MemorySegment x509, byte[] magnitude) {
    try (Arena arena = Arena.ofConfined()) {
      // The serial is an ASN1_INTEGER inside the certificate, borrowed; a positive one is its magnitude bytes.
      MemorySegment serial = (MemorySegment) X509_get_serialNumber.invokeExact(x509);
      MemorySegment bytes = arena.allocateFrom(ValueLayout.JAVA_BYTE, magnitude);
      return (int) ASN1_STRING_set.invokeExact(serial, bytes, magnitude.length) == 1;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** Sets notBefore and notAfter, in seconds since the epoch. */
  public static boolean setValidity(MemorySegment x509, long notBefore, long notAfter) {
    try {
      MemorySegment before = (MemorySegment) ASN1_TIME_set.invokeExact(
          (MemorySegment) X509_getm_notBefore.invokeExact(x509), notBefore);
      MemorySegment after = (MemorySegment) ASN1_TIME_set.invokeExact(
          (MemorySegment) X509_getm_notAfter.invokeExact(x509), notAfter);
      return !before.equals(MemorySegment.NULL) && !after.equals(MemorySegment.NULL);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** Puts the public half of {@code pkey} in the certificate (X509_set_pubkey copies it). */
  public static boolean setPublicKey(MemorySegment x509, MemorySegment pkey) {
    try {
      return (int) X509_set_pubkey.invokeExact(x509, pkey) == 1;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** Makes the subject {@code CN=commonName} and the issuer the same name, as a self-signed certificate has. */
  public static boolean setSelfIssuedCommonName(MemorySegment x509, String commonName) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment subject = (MemorySegment) X509_get_subject_name.invokeExact(x509);
      byte[] utf8 = commonName.getBytes(StandardCharsets.UTF_8);
      MemorySegment value = arena.allocateFrom(ValueLayout.JAVA_BYTE, utf8);
      if ((int) X509_NAME_add_entry_by_txt.invokeExact(subject, arena.allocateFrom("CN"), MBSTRING_UTF8, value,
          utf8.length, -1, 0) != 1) {
        return false;
      }
      return (int) X509_set_issuer_name.invokeExact(x509, subject) == 1;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /**
   * Adds the extension {@code nid} written in openssl.cnf's syntax (e.g. {@code "critical,CA:FALSE"}),
   * with the certificate as its own issuer, so that values such as {@code "hash"} for the subject
   * key identifier can read the certificate's public key (set it first).
   */
  public static boolean addExtension(MemorySegment x509, int nid, String value) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment ctx = arena.allocate(V3_EXT_CTX_ROOM, V3_EXT_CTX.byteAlignment());
      X509V3_set_ctx.invokeExact(ctx, x509, x509, MemorySegment.NULL, MemorySegment.NULL, 0);
      MemorySegment ext = (MemorySegment) X509V3_EXT_nconf_nid.invokeExact(MemorySegment.NULL, ctx, nid,
          arena.allocateFrom(value));
      if (ext.equals(MemorySegment.NULL)) {
        return false;
      }
      try {
        // X509_add_ext stores a copy, so this extension is ours to free either way.
        return (int) X509_add_ext.invokeExact(x509, ext, -1) == 1;
      } finally {
        X509_EXTENSION_free.invokeExact(ext);
      }
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** Signs the certificate with {@code pkey} over SHA-256. */
  public static boolean signSha256(MemorySegment x509, MemorySegment pkey) {
    try {
      return (int) X509_sign.invokeExact(x509, pkey, (MemorySegment) EVP_sha256.invokeExact()) > 0;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** The certificate as PEM, or null on failure. */
  public static String certificatePem(MemorySegment x509) {
    try (Owned bio = Bio.newMem()) {
      if ((int) PEM_write_bio_X509.invokeExact(bio.get(), x509) != 1) {
        return null;
      }
      return Bio.readString(bio.get());
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** The private key as unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), or null on failure. */
  public static String privateKeyPem(MemorySegment pkey) {
    try (Owned bio = Bio.newMem()) {
      if ((int) PEM_write_bio_PKCS8PrivateKey.invokeExact(bio.get(), pkey, MemorySegment.NULL, MemorySegment.NULL, 0,
          MemorySegment.NULL, MemorySegment.NULL) != 1) {
        return null;
      }
      return Bio.readString(bio.get());
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }
}

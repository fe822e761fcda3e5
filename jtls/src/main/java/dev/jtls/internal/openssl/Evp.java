package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_INT;
import static dev.jtls.internal.openssl.Lib.C_LONG;
import static dev.jtls.internal.openssl.Lib.C_POINTER;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** OpenSSL's EVP area: private and public keys. */
public final class Evp {
  static final MethodHandle EVP_PKEY_free = Lib.crypto("EVP_PKEY_free", FunctionDescriptor.ofVoid(C_POINTER));
  static final MethodHandle EVP_PKEY_up_ref = Lib.crypto("EVP_PKEY_up_ref", FunctionDescriptor.of(C_INT, C_POINTER));

  private Evp() {}

  /** Takes ownership of an EVP_PKEY* this code holds a reference to. */
  public static Owned own(MemorySegment pkey) {
    return Owned.of(pkey, LiveNatives.Kind.EVP_PKEY, EVP_PKEY_free);
  }

  private static final MethodHandle EVP_PKEY_get_id = Lib.crypto("EVP_PKEY_get_id", FunctionDescriptor.of(C_INT, C_POINTER));
  private static final MethodHandle EVP_PKEY_get0_RSA = Lib.crypto("EVP_PKEY_get0_RSA",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle EVP_PKEY_get0_EC_KEY = Lib.crypto("EVP_PKEY_get0_EC_KEY",
      FunctionDescriptor.of(C_POINTER, C_POINTER));

  /** EVP_PKEY_RSA (NID_rsaEncryption): plain RSA, not RSA-PSS. */
  public static final int EVP_PKEY_RSA = 6;
  /** EVP_PKEY_EC (NID_X9_62_id_ecPublicKey). */
  public static final int EVP_PKEY_EC = 408;

  /** EVP_PKEY_get_id: the key type, e.g. {@link #EVP_PKEY_RSA}. */
  public static int id(MemorySegment pkey) {
    try {
      return (int) EVP_PKEY_get_id.invokeExact(pkey);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** The key's RSA* view, borrowed from the key; NULL when it is not an RSA key. */
  public static MemorySegment rsa(MemorySegment pkey) {
    try {
      return (MemorySegment) EVP_PKEY_get0_RSA.invokeExact(pkey);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** The key's EC_KEY* view, borrowed from the key; NULL when it is not an EC key. */
  public static MemorySegment ecKey(MemorySegment pkey) {
    try {
      return (MemorySegment) EVP_PKEY_get0_EC_KEY.invokeExact(pkey);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  private static final MethodHandle d2i_PUBKEY = Lib.crypto("d2i_PUBKEY",
      FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER, C_LONG));
  private static final MethodHandle d2i_AutoPrivateKey = Lib.crypto("d2i_AutoPrivateKey",
      FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER, C_LONG));
  private static final MethodHandle EVP_PKEY_get0_type_name = Lib.crypto("EVP_PKEY_get0_type_name",
      FunctionDescriptor.of(C_POINTER, C_POINTER));

  /** A public key from its SubjectPublicKeyInfo DER, owned; null when OpenSSL cannot decode it (queued). */
  public static Owned publicKeyFromDer(byte[] spki) {
    return decode(d2i_PUBKEY, spki);
  }

  /** A private key from DER (PKCS#8 or the key type's own form), owned; null when undecodable (queued). */
  public static Owned privateKeyFromDer(byte[] der) {
    return decode(d2i_AutoPrivateKey, der);
  }

  private static Owned decode(MethodHandle d2i, byte[] der) {
    MemorySegment pkey = Der.decode(d2i, der);
    return pkey.equals(MemorySegment.NULL) ? null : own(pkey);
  }

  /** EVP_PKEY_get0_type_name: the key type's name, e.g. {@code "RSA"}, {@code "EC"}, {@code "ED25519"}; null if unknown. */
  public static String typeName(MemorySegment pkey) {
    try {
      return Err.string((MemorySegment) EVP_PKEY_get0_type_name.invokeExact(pkey));
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }
}

package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_POINTER;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** OpenSSL's EVP area: private and public keys. */
public final class Evp {
  static final MethodHandle EVP_PKEY_free = Lib.crypto("EVP_PKEY_free", FunctionDescriptor.ofVoid(C_POINTER));

  private Evp() {}

  /** Takes ownership of an EVP_PKEY* this code holds a reference to. */
  public static Owned own(MemorySegment pkey) {
    return Owned.of(pkey, LiveNatives.Kind.EVP_PKEY, EVP_PKEY_free);
  }
}

package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_INT;
import static dev.jtls.internal.openssl.Lib.C_LONG;
import static dev.jtls.internal.openssl.Lib.C_POINTER;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Certificate revocation lists, checked by a trust store. */
public final class X509Crl {
  private static final MethodHandle PEM_read_bio_X509_CRL = Lib.crypto("PEM_read_bio_X509_CRL",
      FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER));
  private static final MethodHandle X509_CRL_free = Lib.crypto("X509_CRL_free", FunctionDescriptor.ofVoid(C_POINTER));
  private static final MethodHandle X509_STORE_add_crl = Lib.crypto("X509_STORE_add_crl",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  private static final MethodHandle X509_STORE_set_flags = Lib.crypto("X509_STORE_set_flags",
      FunctionDescriptor.of(C_INT, C_POINTER, C_LONG));

  /** X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL: every certificate of a chain is checked against its issuer's CRL. */
  public static final long CHECK_WHOLE_CHAIN = 0x4 | 0x8;

  private X509Crl() {}

  /**
   * Adds the first CRL of a PEM text to {@code store} and makes the store check CRLs for whole
   * chains; false when the text holds no CRL (OpenSSL's error queued).
   */
  public static boolean addToStore(MemorySegment store, byte[] pem) {
    try (Owned bio = Bio.ofBytes(pem)) {
      MemorySegment crl = (MemorySegment) PEM_read_bio_X509_CRL.invokeExact(bio.get(), MemorySegment.NULL,
          MemorySegment.NULL, MemorySegment.NULL);
      if (crl.equals(MemorySegment.NULL)) {
        return false;
      }
      try {
        int added = (int) X509_STORE_add_crl.invokeExact(store, crl);
        int flagged = (int) X509_STORE_set_flags.invokeExact(store, CHECK_WHOLE_CHAIN);
        return added == 1 && flagged == 1;
      } finally {
        X509_CRL_free.invokeExact(crl);
      }
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }
}

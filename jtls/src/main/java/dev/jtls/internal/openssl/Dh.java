package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_INT;
import static dev.jtls.internal.openssl.Lib.C_LONG;
import static dev.jtls.internal.openssl.Lib.C_POINTER;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** Diffie-Hellman parameters for a context's DHE key exchange. */
public final class Dh {
  private static final MethodHandle PEM_read_bio_Parameters = Lib.crypto("PEM_read_bio_Parameters",
      FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER));
  private static final MethodHandle SSL_CTX_set0_tmp_dh_pkey = Lib.ssl("SSL_CTX_set0_tmp_dh_pkey",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  private static final MethodHandle SSL_CTX_ctrl = Lib.ssl("SSL_CTX_ctrl",
      FunctionDescriptor.of(C_LONG, C_POINTER, C_INT, C_LONG, C_POINTER));

  private static final int SSL_CTRL_SET_DH_AUTO = 118;
  private static final int EVP_PKEY_DH = 28;
  private static final int EVP_PKEY_DHX = 920;

  private Dh() {}

  /** SSL_CTX_set_dh_auto(ctx, 1): DHE with parameters OpenSSL picks to match the certificate's strength. */
  public static void setAuto(MemorySegment ctx) {
    try {
      long ignored = (long) SSL_CTX_ctrl.invokeExact(ctx, SSL_CTRL_SET_DH_AUTO, 1L, MemorySegment.NULL);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /**
   * The DH parameters of a PEM text ({@code DH PARAMETERS} or {@code X9.42 DH PARAMETERS}), owned,
   * or null when it holds none (OpenSSL's errors are left queued for the caller to clear).
   */
  public static Owned readParameters(byte[] pem) {
    try (Owned bio = Bio.ofBytes(pem)) {
      MemorySegment pkey = (MemorySegment) PEM_read_bio_Parameters.invokeExact(bio.get(), MemorySegment.NULL);
      if (pkey.equals(MemorySegment.NULL)) {
        return null;
      }
      Owned owned = Evp.own(pkey);
      int id = Evp.id(pkey);
      if (id != EVP_PKEY_DH && id != EVP_PKEY_DHX) {
        owned.close();
        return null;
      }
      return owned;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_CTX_set0_tmp_dh_pkey on a new reference to {@code params}; false on failure. */
  public static boolean useParameters(MemorySegment ctx, MemorySegment params) {
    try {
      if ((int) Evp.EVP_PKEY_up_ref.invokeExact(params) != 1) {
        return false;
      }
      if ((int) SSL_CTX_set0_tmp_dh_pkey.invokeExact(ctx, params) == 1) {
        return true;
      }
      Evp.EVP_PKEY_free.invokeExact(params);
      return false;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }
}

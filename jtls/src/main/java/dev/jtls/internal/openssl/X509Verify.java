package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_LONG;
import static dev.jtls.internal.openssl.Lib.C_POINTER;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * OpenSSL's certificate verification results ({@code SSL_get_verify_result},
 * {@code X509_STORE_CTX_get_error}): the X509_V_* codes of {@code openssl/x509_vfy.h} (OpenSSL 3
 * numbering) and their texts.
 */
public final class X509Verify {
  private static final MethodHandle X509_verify_cert_error_string = Lib.crypto("X509_verify_cert_error_string",
      FunctionDescriptor.of(C_POINTER, C_LONG));

  public static final long OK = 0;
  public static final long UNSPECIFIED = 1;
  public static final long UNABLE_TO_GET_ISSUER_CERT = 2;
  public static final long UNABLE_TO_GET_CRL = 3;
  public static final long UNABLE_TO_DECRYPT_CERT_SIGNATURE = 4;
  public static final long UNABLE_TO_DECRYPT_CRL_SIGNATURE = 5;
  public static final long UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY = 6;
  public static final long CERT_SIGNATURE_FAILURE = 7;
  public static final long CRL_SIGNATURE_FAILURE = 8;
  public static final long CERT_NOT_YET_VALID = 9;
  public static final long CERT_HAS_EXPIRED = 10;
  public static final long CRL_NOT_YET_VALID = 11;
  public static final long CRL_HAS_EXPIRED = 12;
  public static final long ERROR_IN_CERT_NOT_BEFORE_FIELD = 13;
  public static final long ERROR_IN_CERT_NOT_AFTER_FIELD = 14;
  public static final long ERROR_IN_CRL_LAST_UPDATE_FIELD = 15;
  public static final long ERROR_IN_CRL_NEXT_UPDATE_FIELD = 16;
  public static final long OUT_OF_MEM = 17;
  public static final long DEPTH_ZERO_SELF_SIGNED_CERT = 18;
  public static final long SELF_SIGNED_CERT_IN_CHAIN = 19;
  public static final long UNABLE_TO_GET_ISSUER_CERT_LOCALLY = 20;
  public static final long UNABLE_TO_VERIFY_LEAF_SIGNATURE = 21;
  public static final long CERT_CHAIN_TOO_LONG = 22;
  public static final long CERT_REVOKED = 23;
  public static final long PATH_LENGTH_EXCEEDED = 25;
  public static final long INVALID_PURPOSE = 26;
  public static final long CERT_UNTRUSTED = 27;
  public static final long CERT_REJECTED = 28;
  public static final long HOSTNAME_MISMATCH = 62;
  /** 24 before OpenSSL 3, where 24 became X509_V_ERR_NO_ISSUER_PUBLIC_KEY. */
  public static final long INVALID_CA = 79;

  private X509Verify() {}

  /** {@code X509_verify_cert_error_string}: OpenSSL's text for a verification result. */
  public static String errorString(long result) {
    try {
      MemorySegment text = (MemorySegment) X509_verify_cert_error_string.invokeExact(result);
      return text.reinterpret(Integer.MAX_VALUE).getString(0);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }
}

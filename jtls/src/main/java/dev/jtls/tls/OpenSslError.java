package dev.jtls.tls;

import dev.jtls.events.NodeError;
import dev.jtls.internal.openssl.Err;
import java.util.List;
import java.util.Locale;

/**
 * An error reported by OpenSSL, with Node's fields: {@code code} ({@code ERR_SSL_*} for errors of
 * a TLS connection, {@code ERR_OSSL_*} for errors of key and certificate handling), {@code library},
 * {@code function}, {@code reason}, and OpenSSL's error line as the message. Further queued errors
 * are in {@link #opensslErrorStack()}.
 */
public final class OpenSslError extends NodeError {
  private final String library;
  private final String function;
  private final String reason;
  private final List<String> opensslErrorStack;

  private OpenSslError(String code, Err.Entry entry, List<String> stack) {
    super(code, entry.line());
    this.library = entry.library();
    this.function = entry.function();
    this.reason = entry.reason();
    this.opensslErrorStack = stack;
  }

  /** Node's {@code err.library}, e.g. {@code "SSL routines"}. */
  public String library() {
    return library;
  }

  /** Node's {@code err.function}, when OpenSSL recorded one; otherwise null. */
  public String function() {
    return function;
  }

  /** Node's {@code err.reason}, e.g. {@code "wrong version number"}. */
  public String reason() {
    return reason;
  }

  /** Node's {@code err.opensslErrorStack}: the lines of the other errors queued with this one. */
  public List<String> opensslErrorStack() {
    return opensslErrorStack;
  }

  /**
   * The error of a TLS connection, as Node's TLSWrap reports it: the oldest queued entry (ERR_peek_error), coded
   * {@code ERR_SSL_} + its reason upper-cased with spaces as underscores.
   */
  static OpenSslError forTls(List<Err.Entry> entries) {
    Err.Entry last = entries.getFirst();
    String code = last.reason() == null ? null : "ERR_SSL_" + codeWords(last.reason());
    return new OpenSslError(code, last, lines(entries.subList(1, entries.size())));
  }

  /**
   * The error of a key, certificate or context operation, as Node's crypto code reports it: the
   * newest queued entry, coded {@code ERR_OSSL_} + library + reason ({@code ERR_SSL_} + reason for
   * the SSL library).
   */
  static OpenSslError forCrypto(List<Err.Entry> entries) {
    Err.Entry last = entries.getFirst();
    String lib = libraryPrefix(last.libraryNumber());
    String prefix = "SSL_".equals(lib) ? "ERR_" : "ERR_OSSL_";
    String code = last.reason() == null ? null : prefix + lib + codeWords(last.reason());
    return new OpenSslError(code, last, lines(entries.subList(1, entries.size())));
  }

  private static String codeWords(String reason) {
    return reason.toUpperCase(Locale.ROOT).replace(' ', '_');
  }

  /** Node lists the rest of the queue newest first. */
  private static List<String> lines(List<Err.Entry> entries) {
    return entries.reversed().stream().map(Err.Entry::line).toList();
  }

  /** Node's library prefixes (OSSL_ERROR_CODES_MAP); libraries it does not list get none. */
  private static String libraryPrefix(int lib) {
    return switch (lib) {
      case 2 -> "SYS_";
      case 3 -> "BN_";
      case 4 -> "RSA_";
      case 5 -> "DH_";
      case 6 -> "EVP_";
      case 7 -> "BUF_";
      case 8 -> "OBJ_";
      case 9 -> "PEM_";
      case 10 -> "DSA_";
      case 11 -> "X509_";
      case 13 -> "ASN1_";
      case 14 -> "CONF_";
      case 15 -> "CRYPTO_";
      case 16 -> "EC_";
      case 20 -> "SSL_";
      case 32 -> "BIO_";
      case 33 -> "PKCS7_";
      case 34 -> "X509V3_";
      case 35 -> "PKCS12_";
      case 36 -> "RAND_";
      case 37 -> "DSO_";
      case 38 -> "ENGINE_";
      case 39 -> "OCSP_";
      case 40 -> "UI_";
      case 41 -> "COMP_";
      case 42 -> "ECDSA_";
      case 43 -> "ECDH_";
      case 44 -> "OSSL_STORE_";
      case 45 -> "FIPS_";
      case 46 -> "CMS_";
      case 47 -> "TS_";
      case 48 -> "HMAC_";
      case 50 -> "CT_";
      case 51 -> "ASYNC_";
      case 52 -> "KDF_";
      case 53 -> "SM2_";
      case 128 -> "USER_";
      default -> "";
    };
  }
}

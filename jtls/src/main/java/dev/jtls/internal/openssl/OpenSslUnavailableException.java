package dev.jtls.internal.openssl;

/** Thrown on first use of TLS when the system OpenSSL 3 cannot be found or is too old. */
public final class OpenSslUnavailableException extends RuntimeException {
  public OpenSslUnavailableException(String message) {
    super(message);
  }
}

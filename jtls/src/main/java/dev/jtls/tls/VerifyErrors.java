package dev.jtls.tls;

import static java.util.Map.entry;

import dev.jtls.events.NodeError;
import dev.jtls.internal.openssl.X509Verify;
import java.util.Map;

/**
 * The error Node makes of a failed certificate verification (TLSWrap's {@code verifyError()}):
 * {@code code} is the X509_V_ERR_ name without its prefix for the codes Node names, else
 * {@code "UNSPECIFIED"}; the message is OpenSSL's {@code X509_verify_cert_error_string} text.
 *
 * <p>Which result to pass (Node's VerifyPeerCertificate): when the peer sent a certificate
 * ({@code SSL_get0_peer_certificate} non-null), {@code SSL_get_verify_result}. When it sent none,
 * {@link X509Verify#OK} if the connection is PSK-authenticated (the current cipher's
 * {@code SSL_CIPHER_get_auth_nid} is {@code NID_auth_psk}) or is a resumed TLSv1.3 session
 * ({@code SSL_SESSION_get_protocol_version} is TLS1_3_VERSION and {@code SSL_session_reused});
 * otherwise {@link X509Verify#UNABLE_TO_GET_ISSUER_CERT} ("unable to get issuer certificate"),
 * which is what a server with {@code requestCert} reports for a client that sent no certificate.
 *
 * <p>How Node uses it: a client destroys the socket with this error unless
 * {@code rejectUnauthorized} is false, and sets {@code authorizationError} to its code (the
 * message for an error without one); {@code checkServerIdentity} runs only when this is null and
 * the session was not resumed. A server with {@code requestCert} sets {@code authorizationError}
 * to the code and, with {@code rejectUnauthorized}, destroys the socket without an error.
 */
final class VerifyErrors {
  private static final Map<Long, String> NODE_NAMES = Map.ofEntries(
      entry(X509Verify.UNABLE_TO_GET_ISSUER_CERT, "UNABLE_TO_GET_ISSUER_CERT"),
      entry(X509Verify.UNABLE_TO_GET_CRL, "UNABLE_TO_GET_CRL"),
      entry(X509Verify.UNABLE_TO_DECRYPT_CERT_SIGNATURE, "UNABLE_TO_DECRYPT_CERT_SIGNATURE"),
      entry(X509Verify.UNABLE_TO_DECRYPT_CRL_SIGNATURE, "UNABLE_TO_DECRYPT_CRL_SIGNATURE"),
      entry(X509Verify.UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY, "UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY"),
      entry(X509Verify.CERT_SIGNATURE_FAILURE, "CERT_SIGNATURE_FAILURE"),
      entry(X509Verify.CRL_SIGNATURE_FAILURE, "CRL_SIGNATURE_FAILURE"),
      entry(X509Verify.CERT_NOT_YET_VALID, "CERT_NOT_YET_VALID"),
      entry(X509Verify.CERT_HAS_EXPIRED, "CERT_HAS_EXPIRED"),
      entry(X509Verify.CRL_NOT_YET_VALID, "CRL_NOT_YET_VALID"),
      entry(X509Verify.CRL_HAS_EXPIRED, "CRL_HAS_EXPIRED"),
      entry(X509Verify.ERROR_IN_CERT_NOT_BEFORE_FIELD, "ERROR_IN_CERT_NOT_BEFORE_FIELD"),
      entry(X509Verify.ERROR_IN_CERT_NOT_AFTER_FIELD, "ERROR_IN_CERT_NOT_AFTER_FIELD"),
      entry(X509Verify.ERROR_IN_CRL_LAST_UPDATE_FIELD, "ERROR_IN_CRL_LAST_UPDATE_FIELD"),
      entry(X509Verify.ERROR_IN_CRL_NEXT_UPDATE_FIELD, "ERROR_IN_CRL_NEXT_UPDATE_FIELD"),
      entry(X509Verify.OUT_OF_MEM, "OUT_OF_MEM"),
      entry(X509Verify.DEPTH_ZERO_SELF_SIGNED_CERT, "DEPTH_ZERO_SELF_SIGNED_CERT"),
      entry(X509Verify.SELF_SIGNED_CERT_IN_CHAIN, "SELF_SIGNED_CERT_IN_CHAIN"),
      entry(X509Verify.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, "UNABLE_TO_GET_ISSUER_CERT_LOCALLY"),
      entry(X509Verify.UNABLE_TO_VERIFY_LEAF_SIGNATURE, "UNABLE_TO_VERIFY_LEAF_SIGNATURE"),
      entry(X509Verify.CERT_CHAIN_TOO_LONG, "CERT_CHAIN_TOO_LONG"),
      entry(X509Verify.CERT_REVOKED, "CERT_REVOKED"),
      entry(X509Verify.INVALID_CA, "INVALID_CA"),
      entry(X509Verify.PATH_LENGTH_EXCEEDED, "PATH_LENGTH_EXCEEDED"),
      entry(X509Verify.INVALID_PURPOSE, "INVALID_PURPOSE"),
      entry(X509Verify.CERT_UNTRUSTED, "CERT_UNTRUSTED"),
      entry(X509Verify.CERT_REJECTED, "CERT_REJECTED"),
      entry(X509Verify.HOSTNAME_MISMATCH, "HOSTNAME_MISMATCH"));

  private VerifyErrors() {}

  /** Node's error for a verification result, or null for {@link X509Verify#OK}. */
  static NodeError forCode(long x509VerifyResult) {
    if (x509VerifyResult == X509Verify.OK) {
      return null;
    }
    return new NodeError(NODE_NAMES.getOrDefault(x509VerifyResult, "UNSPECIFIED"),
        X509Verify.errorString(x509VerifyResult));
  }
}

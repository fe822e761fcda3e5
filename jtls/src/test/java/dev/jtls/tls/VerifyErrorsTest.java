package dev.jtls.tls;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.internal.openssl.X509Verify;
import dev.jtls.testing.NodeScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Node's errors for failed certificate verification: the code names of the spec's "X509
 * certificate error codes" list with OpenSSL 3.0's texts (crypto/x509/x509_txt.c), Node's
 * UNSPECIFIED for every other result, and the same errors node itself reports for real failures.
 */
class VerifyErrorsTest {

  /** Every code of the spec's list: OpenSSL's number, Node's name, OpenSSL's text. */
  static Stream<Arguments> specCodes() {
    return Stream.of(
        Arguments.of(X509Verify.UNABLE_TO_GET_ISSUER_CERT, "UNABLE_TO_GET_ISSUER_CERT", "unable to get issuer certificate"),
        Arguments.of(X509Verify.UNABLE_TO_GET_CRL, "UNABLE_TO_GET_CRL", "unable to get certificate CRL"),
        Arguments.of(X509Verify.UNABLE_TO_DECRYPT_CERT_SIGNATURE, "UNABLE_TO_DECRYPT_CERT_SIGNATURE",
            "unable to decrypt certificate's signature"),
        Arguments.of(X509Verify.UNABLE_TO_DECRYPT_CRL_SIGNATURE, "UNABLE_TO_DECRYPT_CRL_SIGNATURE",
            "unable to decrypt CRL's signature"),
        Arguments.of(X509Verify.UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY, "UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY",
            "unable to decode issuer public key"),
        Arguments.of(X509Verify.CERT_SIGNATURE_FAILURE, "CERT_SIGNATURE_FAILURE", "certificate signature failure"),
        Arguments.of(X509Verify.CRL_SIGNATURE_FAILURE, "CRL_SIGNATURE_FAILURE", "CRL signature failure"),
        Arguments.of(X509Verify.CERT_NOT_YET_VALID, "CERT_NOT_YET_VALID", "certificate is not yet valid"),
        Arguments.of(X509Verify.CERT_HAS_EXPIRED, "CERT_HAS_EXPIRED", "certificate has expired"),
        Arguments.of(X509Verify.CRL_NOT_YET_VALID, "CRL_NOT_YET_VALID", "CRL is not yet valid"),
        Arguments.of(X509Verify.CRL_HAS_EXPIRED, "CRL_HAS_EXPIRED", "CRL has expired"),
        Arguments.of(X509Verify.ERROR_IN_CERT_NOT_BEFORE_FIELD, "ERROR_IN_CERT_NOT_BEFORE_FIELD",
            "format error in certificate's notBefore field"),
        Arguments.of(X509Verify.ERROR_IN_CERT_NOT_AFTER_FIELD, "ERROR_IN_CERT_NOT_AFTER_FIELD",
            "format error in certificate's notAfter field"),
        Arguments.of(X509Verify.ERROR_IN_CRL_LAST_UPDATE_FIELD, "ERROR_IN_CRL_LAST_UPDATE_FIELD",
            "format error in CRL's lastUpdate field"),
        Arguments.of(X509Verify.ERROR_IN_CRL_NEXT_UPDATE_FIELD, "ERROR_IN_CRL_NEXT_UPDATE_FIELD",
            "format error in CRL's nextUpdate field"),
        Arguments.of(X509Verify.OUT_OF_MEM, "OUT_OF_MEM", "out of memory"),
        Arguments.of(X509Verify.DEPTH_ZERO_SELF_SIGNED_CERT, "DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate"),
        Arguments.of(X509Verify.SELF_SIGNED_CERT_IN_CHAIN, "SELF_SIGNED_CERT_IN_CHAIN",
            "self-signed certificate in certificate chain"),
        Arguments.of(X509Verify.UNABLE_TO_GET_ISSUER_CERT_LOCALLY, "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
            "unable to get local issuer certificate"),
        Arguments.of(X509Verify.UNABLE_TO_VERIFY_LEAF_SIGNATURE, "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
            "unable to verify the first certificate"),
        Arguments.of(X509Verify.CERT_CHAIN_TOO_LONG, "CERT_CHAIN_TOO_LONG", "certificate chain too long"),
        Arguments.of(X509Verify.CERT_REVOKED, "CERT_REVOKED", "certificate revoked"),
        Arguments.of(X509Verify.INVALID_CA, "INVALID_CA", "invalid CA certificate"),
        Arguments.of(X509Verify.PATH_LENGTH_EXCEEDED, "PATH_LENGTH_EXCEEDED", "path length constraint exceeded"),
        Arguments.of(X509Verify.INVALID_PURPOSE, "INVALID_PURPOSE", "unsuitable certificate purpose"),
        Arguments.of(X509Verify.CERT_UNTRUSTED, "CERT_UNTRUSTED", "certificate not trusted"),
        Arguments.of(X509Verify.CERT_REJECTED, "CERT_REJECTED", "certificate rejected"),
        Arguments.of(X509Verify.HOSTNAME_MISMATCH, "HOSTNAME_MISMATCH", "hostname mismatch"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("specCodes")
  void specCodeHasNodeNameAndOpenSslText(long result, String name, String text) {
    NodeError error = VerifyErrors.forCode(result);

    assertEquals(name, error.code());
    assertEquals(text, error.getMessage());
  }

  @Test
  void okIsNoError() {
    assertNull(VerifyErrors.forCode(X509Verify.OK));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "1    | UNSPECIFIED                  | unspecified certificate verification error",
      "24   | NO_ISSUER_PUBLIC_KEY         | issuer certificate doesn't have a public key",
      "34   | UNHANDLED_CRITICAL_EXTENSION | unhandled critical extension",
      "64   | IP_ADDRESS_MISMATCH          | IP address mismatch",
      "94   | EC_KEY_EXPLICIT_PARAMS       | Certificate public key has explicit ECC parameters",
      "1000 | (none)                       | unknown certificate verification error",
      "-1   | (none)                       | unknown certificate verification error"})
  void codeNodeDoesNotNameIsUnspecifiedWithOpenSslText(long result, String x509Name, String text) {
    NodeError error = VerifyErrors.forCode(result);

    assertEquals("UNSPECIFIED", error.code());
    assertEquals(text, error.getMessage());
  }

  @Test
  void nodeReportsTheSameErrorsForRealFailures(@TempDir Path dir) throws IOException, InterruptedException {
    String ec = "ec_paramgen_curve:P-256";
    openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", ec, "-nodes", "-days", "30", "-subj", "/CN=localhost",
        "-addext", "subjectAltName=DNS:localhost", "-keyout", "self.key", "-out", "self.pem");
    openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", ec, "-nodes", "-days", "30", "-subj", "/CN=jtls test CA",
        "-keyout", "ca.key", "-out", "ca.pem");
    openssl(dir, "req", "-newkey", "ec", "-pkeyopt", ec, "-nodes", "-subj", "/CN=localhost",
        "-keyout", "leaf.key", "-out", "leaf.csr");
    openssl(dir, "x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", "2",
        "-days", "30", "-out", "leaf.pem");
    openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", ec, "-nodes", "-days", "30", "-subj", "/CN=localhost",
        "-addext", "subjectAltName=DNS:localhost", "-addext", "1.2.3.4=critical,ASN1:NULL",
        "-keyout", "critical.key", "-out", "critical.pem");

    Map<String, List<String>> node = runNode(dir);

    // The verification result OpenSSL gives each scenario; jtls must report it as node does.
    Map<String, Long> results = new LinkedHashMap<>();
    results.put("self-signed", X509Verify.DEPTH_ZERO_SELF_SIGNED_CERT);
    results.put("untrusted-leaf", X509Verify.UNABLE_TO_VERIFY_LEAF_SIGNATURE);
    results.put("untrusted-root-in-chain", X509Verify.SELF_SIGNED_CERT_IN_CHAIN);
    results.put("unhandled-critical-extension", 34L); // X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION
    assertAll(Stream.concat(
        results.entrySet().stream().map(e -> () -> {
          NodeError jtls = VerifyErrors.forCode(e.getValue());
          assertEquals(node.get(e.getKey()), List.of(jtls.code(), jtls.getMessage()), e.getKey());
        }),
        // A server asking for a certificate the client did not send (Node's no-peer-certificate rule).
        Stream.of(() -> assertEquals(node.get("no-client-certificate"),
            List.of(VerifyErrors.forCode(X509Verify.UNABLE_TO_GET_ISSUER_CERT).code())))));
  }

  private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = Stream.concat(Stream.of("openssl"), Stream.of(args)).toList();
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "openssl finished");
    assertEquals(0, p.exitValue(), () -> String.join(" ", command) + "\n" + output);
  }

  /** What node reports per scenario of src/test/resources/node/verify-errors.js: [code, message] or [authorizationError]. */
  private static Map<String, List<String>> runNode(Path dir) throws IOException, InterruptedException {
    Map<String, List<String>> reports = new LinkedHashMap<>();
    for (String line : NodeScript.run("verify-errors.js", "", dir.toString())) {
      String[] fields = line.split(" ", -1);
      reports.put(fields[0], fields.length == 3
          ? List.of(fields[1], new String(Base64.getDecoder().decode(fields[2]), StandardCharsets.UTF_8))
          : List.of(fields[1]));
    }
    return reports;
  }
}

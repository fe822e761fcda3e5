package dev.jtls.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtls.events.NodeError;
import dev.jtls.internal.openssl.LiveNatives;
import dev.jtls.testing.NoNativeLeaks;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bad options throw synchronously, with the code and message node v20 gives for the same option
 * bag (each expectation below is node's output), and nothing native is left behind. Where Node
 * coerces a value instead of checking it, the test name says what jtls does instead.
 */
@ExtendWith(NoNativeLeaks.class)
class OptionErrorsTest {
  private static final Path PKI = LoopPeers.PKI;
  private static final String PEM_TYPES = "of type string or an instance of Buffer, TypedArray, or DataView";

  private Map<LiveNatives.Kind, Long> before;

  @BeforeEach
  void countNatives() {
    before = LiveNatives.snapshot();
  }

  @AfterEach
  void nothingNativeLeft() {
    assertEquals(before, LiveNatives.snapshot(), "a failed call leaves no native object behind");
  }

  private static void assertThrowsNodeError(String code, String message, Supplier<?> call) {
    NodeError e = assertThrows(NodeError.class, call::get);
    assertEquals(code, e.code());
    assertEquals(message, e.getMessage());
  }

  private static void assertInvalidType(String message, Supplier<?> call) {
    assertThrowsNodeError("ERR_INVALID_ARG_TYPE", message, call);
  }

  private static Supplier<?> connect(Map<String, ?> options) {
    return () -> Tls.connect(options, null);
  }

  private static Supplier<?> createServer(Map<String, ?> options) {
    return () -> Tls.createServer(options, null);
  }

  private static Supplier<?> createSecureContext(Map<String, ?> options) {
    return () -> Tls.createSecureContext(options);
  }

  // ---------------------------------------------------------------- createSecureContext's options, in every entry point

  @Test
  void ciphersNotAStringIsInvalidArgType() {
    String message = "The \"options.ciphers\" property must be of type string. Received type number (1)";
    assertInvalidType(message, createSecureContext(Map.of("ciphers", 1)));
    assertInvalidType(message, createServer(Map.of("ciphers", 1)));
    assertInvalidType(message, connect(Map.of("port", 1, "ciphers", 1)));
  }

  @Test
  void pemOptionsOfTheWrongTypeAreInvalidArgType() {
    for (String option : List.of("key", "cert", "ca")) {
      String message = "The \"options." + option + "\" property must be " + PEM_TYPES + ". Received type number (1)";
      assertInvalidType(message, createSecureContext(Map.of(option, 1)));
      assertInvalidType(message, createServer(Map.of(option, 1)));
      assertInvalidType(message, connect(Map.of("port", 1, option, 1)));
      assertInvalidType(message, createSecureContext(Map.of(option, List.of(1))));
    }
    assertInvalidType("The \"options.ca\" property must be " + PEM_TYPES + ". Received type boolean (true)",
        connect(Map.of("port", 1, "ca", true)));
  }

  @Test
  void fluentPemSettersCheckTheirObjectArgumentAsNodeChecksTheOption() {
    assertInvalidType("The \"options.key\" property must be " + PEM_TYPES + ". Received type number (1)",
        () -> new ConnectOptions().key(1));
    assertInvalidType("The \"options.cert\" property must be " + PEM_TYPES + ". Received type boolean (true)",
        () -> new ServerOptions().cert(true));
    assertInvalidType("The \"options.ca\" property must be " + PEM_TYPES + ". Received type number (1)",
        () -> new SecureContextOptions().ca(List.of(PKI.resolve("root-ca.pem"), 1)));
  }

  @Test
  void passphraseNotAStringIsInvalidArgType() {
    assertInvalidType("The \"options.passphrase\" property must be of type string. Received type number (1)",
        createSecureContext(Map.of("key", PKI.resolve("server-encrypted.key"), "passphrase", 1)));
  }

  @Test
  void unknownProtocolVersionIsInvalidProtocolVersion() {
    assertThrowsNodeError("ERR_TLS_INVALID_PROTOCOL_VERSION", "\"TLSv9\" is not a valid minimum TLS protocol version",
        createSecureContext(Map.of("minVersion", "TLSv9")));
    assertThrowsNodeError("ERR_TLS_INVALID_PROTOCOL_VERSION", "\"TLSv1.4\" is not a valid maximum TLS protocol version",
        connect(Map.of("port", 1, "maxVersion", "TLSv1.4")));
    assertThrowsNodeError("ERR_TLS_INVALID_PROTOCOL_VERSION", "\"TLSv9\" is not a valid minimum TLS protocol version",
        createServer(Map.of("minVersion", "TLSv9")));
    assertThrowsNodeError("ERR_TLS_INVALID_PROTOCOL_VERSION", "1 is not a valid minimum TLS protocol version",
        createSecureContext(Map.of("minVersion", 1)));
    assertThrowsNodeError("ERR_TLS_INVALID_PROTOCOL_VERSION", "\"TLSv9\" is not a valid minimum TLS protocol version",
        () -> new ConnectOptions().minVersion("TLSv9"));
  }

  @Test
  void keyNotMatchingTheCertificateIsKeyValuesMismatch() {
    Map<String, Object> mismatched = Map.of("key", PKI.resolve("client.key"), "cert", PKI.resolve("server.pem"));
    String message = "error:05800074:x509 certificate routines::key values mismatch";
    assertThrowsNodeError("ERR_OSSL_X509_KEY_VALUES_MISMATCH", message, createServer(mismatched));
    assertThrowsNodeError("ERR_OSSL_X509_KEY_VALUES_MISMATCH", message,
        connect(Map.of("port", 1, "key", PKI.resolve("client.key"), "cert", PKI.resolve("server.pem"))));
  }

  // ---------------------------------------------------------------- the server's own options

  @Test
  void handshakeTimeoutNotANumberIsInvalidArgType() {
    assertInvalidType("The \"options.handshakeTimeout\" property must be of type number. Received type string ('x')",
        createServer(Map.of("handshakeTimeout", "x")));
  }

  @Test
  void negativeHandshakeTimeoutMeansNoTimeoutAsInNode() {
    assertEquals(0, ServerOptions.fromMap(Map.of("handshakeTimeout", -1)).handshakeTimeout());
    assertEquals(0, new ServerOptions().handshakeTimeout(-5).handshakeTimeout());
  }

  @Test
  void fractionalHandshakeTimeoutIsAcceptedAsInNode() {
    assertEquals(1, ServerOptions.fromMap(Map.of("handshakeTimeout", 1.5)).handshakeTimeout());
  }

  @Test
  void rejectUnauthorizedNotABooleanIsInvalidArgTypeWhereNodeTakesAnythingButFalseAsTrue() {
    String message = "The \"options.rejectUnauthorized\" property must be of type boolean. Received type string ('yes')";
    assertInvalidType(message, createServer(Map.of("rejectUnauthorized", "yes")));
    assertInvalidType(message, connect(Map.of("port", 1, "rejectUnauthorized", "yes")));
  }

  @Test
  void requestCertNotABooleanIsInvalidArgTypeWhereNodeTakesAnythingButTrueAsFalse() {
    assertInvalidType("The \"options.requestCert\" property must be of type boolean. Received type string ('yes')",
        createServer(Map.of("requestCert", "yes")));
  }

  // ---------------------------------------------------------------- the client's own options

  @Test
  void servernameNotAStringIsInvalidArgTypeNamingNodesArgument() {
    assertInvalidType("The \"name\" argument must be of type string. Received type number (1)",
        connect(Map.of("port", 1, "servername", 1)));
  }

  @Test
  void hostNotAStringIsInvalidArgTypeNamingNodesArgument() {
    assertInvalidType("The \"hostname\" argument must be of type string. Received type number (1)",
        connect(Map.of("port", 1, "host", 1)));
  }

  @Test
  void timeoutNotANumberOrNegativeIsRejectedAsNodesMsecs() {
    assertInvalidType("The \"msecs\" argument must be of type number. Received type string ('x')",
        connect(Map.of("port", 1, "timeout", "x")));
    assertThrowsNodeError("ERR_OUT_OF_RANGE",
        "The value of \"msecs\" is out of range. It must be a non-negative finite number. Received -1",
        connect(Map.of("port", 1, "timeout", -1)));
  }

  @Test
  void badPortIsSocketBadPort() {
    assertThrowsNodeError("ERR_SOCKET_BAD_PORT", "Port should be >= 0 and < 65536. Received type string ('x').",
        connect(Map.of("port", "x")));
    assertThrowsNodeError("ERR_SOCKET_BAD_PORT", "Port should be >= 0 and < 65536. Received type number (1.5).",
        connect(Map.of("port", 1.5)));
    assertThrowsNodeError("ERR_SOCKET_BAD_PORT", "Port should be >= 0 and < 65536. Received type number (70000).",
        connect(Map.of("port", 70000)));
    assertThrowsNodeError("ERR_SOCKET_BAD_PORT", "Port should be >= 0 and < 65536. Received type number (-1).",
        () -> Tls.connect(new ConnectOptions().port(-1)));
  }

  @Test
  void noPortNorPathIsMissingArgs() {
    assertThrowsNodeError("ERR_MISSING_ARGS", "The \"options\" or \"port\" or \"path\" argument must be specified",
        connect(Map.of()));
    assertThrowsNodeError("ERR_MISSING_ARGS", "The \"options\" or \"port\" or \"path\" argument must be specified",
        () -> Tls.connect(new ConnectOptions().ca(PKI.resolve("root-ca.pem"))));
  }

  @Test
  void checkServerIdentityNotAFunctionIsInvalidArgTypeWhereNodeFailsAnInternalAssertion() {
    assertInvalidType("The \"options.checkServerIdentity\" property must be of type function. Received type number (1)",
        connect(Map.of("port", 1, "checkServerIdentity", 1)));
  }

  // ---------------------------------------------------------------- the options that tune a context (node v20's errors)

  @Test
  void contextStringOptionsOfTheWrongTypeAreInvalidArgType() {
    for (String option : List.of("sessionIdContext", "ecdhCurve", "sigalgs")) {
      String message = "The \"options." + option + "\" property must be of type string. Received type number (1)";
      assertInvalidType(message, createSecureContext(Map.of(option, 1)));
      assertInvalidType(message, createServer(Map.of(option, 1)));
    }
  }

  @Test
  void anUnknownEcdhCurveFailsToSetTheCurve() {
    for (String curve : List.of("bogus", "P-256:prime256v1", "")) {
      assertThrowsNodeError("ERR_CRYPTO_OPERATION_FAILED", "Failed to set ECDH curve",
          createSecureContext(Map.of("ecdhCurve", curve)));
    }
  }

  @Test
  void secureOptionsMustBeAnInteger() {
    assertInvalidType("The \"secureOptions\" argument must be of type number. Received type string ('1')",
        createSecureContext(Map.of("secureOptions", "1")));
    assertThrowsNodeError("ERR_OUT_OF_RANGE",
        "The value of \"secureOptions\" is out of range. It must be an integer. Received 1.5",
        createSecureContext(Map.of("secureOptions", 1.5)));
  }

  @Test
  void sessionTimeoutMustBeANonNegativeInt32() {
    assertInvalidType("The \"options.sessionTimeout\" property must be of type number. Received type string ('1')",
        createSecureContext(Map.of("sessionTimeout", "1")));
    assertThrowsNodeError("ERR_OUT_OF_RANGE",
        "The value of \"options.sessionTimeout\" is out of range. It must be >= 0 && <= 2147483647. Received -1",
        createSecureContext(Map.of("sessionTimeout", -1)));
    assertThrowsNodeError("ERR_OUT_OF_RANGE",
        "The value of \"options.sessionTimeout\" is out of range. It must be an integer. Received 1.5",
        createSecureContext(Map.of("sessionTimeout", 1.5)));
  }

  @Test
  void ticketKeysMustBe48Bytes() {
    assertThrowsNodeError("ERR_INVALID_ARG_VALUE", "The property 'options.ticketKeys' must be exactly 48 bytes. Received 47",
        createSecureContext(Map.of("ticketKeys", new byte[47])));
    assertInvalidType("The \"options.ticketKeys\" property must be an instance of Buffer, TypedArray, or DataView."
        + " Received type string ('x')", createSecureContext(Map.of("ticketKeys", "x")));
    Tls.createSecureContext(Map.of("ticketKeys", new byte[48])).close();
  }

  @Test
  void sigalgsMustBeAKnownNonEmptyList() {
    assertThrowsNodeError("ERR_INVALID_ARG_VALUE", "The property 'options.sigalgs' is invalid. Received ''",
        createSecureContext(Map.of("sigalgs", "")));
    // Node's own answer: OpenSSL queues no error, so node reports its empty error queue, with no code.
    assertThrowsNodeError(null, "error:00000000:lib(0)::reason(0)", createSecureContext(Map.of("sigalgs", "bogus")));
  }

  @Test
  void secureProtocolNamesAreCheckedAsNodeChecksThem() {
    assertThrowsNodeError("ERR_TLS_INVALID_PROTOCOL_METHOD", "Unknown method: bogus",
        createSecureContext(Map.of("secureProtocol", "bogus")));
    assertThrowsNodeError("ERR_TLS_INVALID_PROTOCOL_METHOD", "Unknown method: TLSv1_3_method",
        createSecureContext(Map.of("secureProtocol", "TLSv1_3_method")));
    assertThrowsNodeError("ERR_TLS_INVALID_PROTOCOL_METHOD", "SSLv3 methods disabled",
        createSecureContext(Map.of("secureProtocol", "SSLv3_method")));
    assertThrowsNodeError("ERR_TLS_INVALID_PROTOCOL_METHOD", "SSLv2 methods disabled",
        createSecureContext(Map.of("secureProtocol", "SSLv2_method")));
    assertThrowsNodeError("ERR_TLS_PROTOCOL_VERSION_CONFLICT",
        "TLS protocol version \"TLSv1.2\" conflicts with secureProtocol \"TLSv1_2_method\"",
        createSecureContext(Map.of("secureProtocol", "TLSv1_2_method", "minVersion", "TLSv1.2")));
    assertThrowsNodeError("ERR_TLS_PROTOCOL_VERSION_CONFLICT",
        "TLS protocol version \"TLSv1.3\" conflicts with secureProtocol \"TLSv1_2_method\"",
        createServer(Map.of("secureProtocol", "TLSv1_2_method", "maxVersion", "TLSv1.3")));
    for (String method : List.of("TLSv1_method", "TLSv1_1_server_method", "TLS_client_method", "SSLv23_method")) {
      Tls.createSecureContext(Map.of("secureProtocol", method)).close();
    }
    Tls.createSecureContext(Map.of("secureProtocol", 1)).close(); // as in Node, not a string: ignored
  }

  @Test
  void aSessionIdContextLongerThan32BytesIsOpensslsError() {
    // Node throws OpenSSL's error text without a code; jtls names it with OpenSSL's reason.
    NodeError e = assertThrows(NodeError.class, () -> Tls.createSecureContext(Map.of("sessionIdContext", "x".repeat(33))));
    assertEquals("ERR_SSL_SSL_SESSION_ID_CONTEXT_TOO_LONG", e.code());
    Tls.createSecureContext(Map.of("sessionIdContext", "x".repeat(32))).close();
  }

  @Test
  void pemOptionsThatAreFalseOrZeroMeanAbsentAsInNode() {
    for (String option : List.of("key", "cert", "ca")) {
      for (Object falsy : new Object[] {false, 0}) {
        Tls.createSecureContext(Map.of(option, falsy)).close();
      }
      assertInvalidType("The \"options." + option + "\" property must be " + PEM_TYPES + ". Received type boolean (true)",
          createSecureContext(Map.of(option, true)));
    }
    java.util.HashMap<String, Object> nulls = new java.util.HashMap<>();
    nulls.put("key", null);
    nulls.put("cert", null);
    nulls.put("ca", null);
    Tls.createSecureContext(nulls).close();
  }
}

package dev.jtls.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtls.events.NodeError;
import dev.jtls.testing.NoNativeLeaks;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * privateKeyEngine / privateKeyIdentifier / clientCertEngine, with node v20's errors for the same
 * options on this machine. Debian's OpenSSL 3.0 ships the afalg, padlock and loader_attic engines;
 * none can hold a private key or supply client certificates, so only the failures are reachable.
 */
@ExtendWith(NoNativeLeaks.class)
class EngineOptionsTest {
  private static NodeError failure(Map<String, Object> options) {
    return assertThrows(NodeError.class, () -> Tls.createSecureContext(options).close());
  }

  private static void assertFails(String code, String message, Map<String, Object> options) {
    NodeError e = failure(options);
    assertEquals(code, e.code());
    assertEquals(message, e.getMessage());
  }

  @Test
  void anIdentifierNeedsAnEngineAndNoKey() {
    assertFails("ERR_INVALID_ARG_VALUE", "The property 'options.privateKeyEngine' is invalid. Received undefined",
        Map.of("privateKeyIdentifier", "x"));
    assertFails("ERR_INVALID_ARG_VALUE", "The property 'options.privateKeyIdentifier' is invalid. Received 'x'",
        Map.of("privateKeyIdentifier", "x", "privateKeyEngine", "dynamic", "key", LoopPeers.PKI.resolve("server.key")));
  }

  @Test
  void engineOptionsMustBeStrings() {
    assertFails("ERR_INVALID_ARG_TYPE", "The \"options.privateKeyIdentifier\" property must be of type string or one"
        + " of null or undefined. Received type number (1)", Map.of("privateKeyIdentifier", 1, "privateKeyEngine", "x"));
    assertFails("ERR_INVALID_ARG_TYPE", "The \"options.clientCertEngine\" property must be of type string or one of"
        + " null or undefined. Received type number (1)", Map.of("clientCertEngine", 1));
  }

  @Test
  void anEngineThatDoesNotLoadIsOpensslsError() {
    String message = "error:12800067:DSO support routines::could not load the shared library";
    assertFails(null, message, Map.of("clientCertEngine", "bogus"));
    assertFails(null, message, Map.of("privateKeyEngine", "bogus", "privateKeyIdentifier", "x"));
  }

  @Test
  void anEngineThatCannotDoTheJobFailsAsInNode() {
    assertFails("ERR_CRYPTO_OPERATION_FAILED", "Failure to initialize engine",
        Map.of("privateKeyEngine", "dynamic", "privateKeyIdentifier", "x"));
    NodeError e = failure(Map.of("clientCertEngine", "dynamic"));
    assertEquals("ERR_SSL_ENGINE_LIB", e.code());
    assertEquals("error:0A080026:SSL routines::ENGINE lib", e.getMessage());
  }
}

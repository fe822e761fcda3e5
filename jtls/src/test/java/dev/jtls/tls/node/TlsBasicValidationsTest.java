package dev.jtls.tls.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.tls.Tls;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * Node's test/parallel/test-tls-basic-validations.js: option types and values checked when a
 * context or server is made, with Node's codes and messages (option bags, as Node passes them).
 *
 * <p>Left out, as their features are not in jtls yet (FEATURES.md): {@code ecdhCurve},
 * {@code sessionTimeout}, {@code ticketKeys}, {@code tls.createSecurePair} and
 * {@code tls.convertALPNProtocols} (an undocumented helper jtls does not expose). Node's
 * {@code name: 'TypeError'} has no Java counterpart; the code and message are checked.
 */
class TlsBasicValidationsTest {
  private static NodeError throwsNodeError(Executable action) {
    return assertThrows(NodeError.class, action);
  }

  @Test
  @Timeout(20)
  void optionTypesAndValues() {
    NodeError e = throwsNodeError(() -> Tls.createSecureContext(Map.of("ciphers", 1)));
    assertEquals("ERR_INVALID_ARG_TYPE", e.code());
    assertEquals("The \"options.ciphers\" property must be of type string. Received type number (1)", e.getMessage());

    e = throwsNodeError(() -> Tls.createServer(Map.of("ciphers", 1), null));
    assertEquals("ERR_INVALID_ARG_TYPE", e.code());
    assertEquals("The \"options.ciphers\" property must be of type string. Received type number (1)", e.getMessage());

    e = throwsNodeError(() -> Tls.createSecureContext(Map.of("key", "dummykey", "passphrase", 1)));
    assertEquals("ERR_INVALID_ARG_TYPE", e.code());
    assertTrue(e.getMessage().contains("The \"options.passphrase\" property must be of type string"), e.getMessage());

    e = throwsNodeError(() -> Tls.createServer(Map.of("key", "dummykey", "passphrase", 1), null));
    assertEquals("ERR_INVALID_ARG_TYPE", e.code());
    assertTrue(e.getMessage().contains("The \"options.passphrase\" property must be of type string"), e.getMessage());

    e = throwsNodeError(() -> Tls.createServer(Map.of("handshakeTimeout", "abcd"), null));
    assertEquals("ERR_INVALID_ARG_TYPE", e.code());
    assertEquals("The \"options.handshakeTimeout\" property must be of type number. Received type string ('abcd')",
        e.getMessage());

    e = throwsNodeError(() -> Tls.createSecureContext(Map.of("minVersion", "fhqwhgads")));
    assertEquals("ERR_TLS_INVALID_PROTOCOL_VERSION", e.code());

    e = throwsNodeError(() -> Tls.createSecureContext(Map.of("maxVersion", "fhqwhgads")));
    assertEquals("ERR_TLS_INVALID_PROTOCOL_VERSION", e.code());
  }
}

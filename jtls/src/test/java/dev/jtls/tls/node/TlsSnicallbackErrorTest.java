package dev.jtls.tls.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-snicallback-error.js: an SNICallback that is no function is
 * ERR_INVALID_ARG_TYPE naming options.SNICallback. Through the Node-style option bag, since the
 * fluent option takes only an SniCallback.
 */
class TlsSnicallbackErrorTest {
  @Test
  @Timeout(20)
  void sniCallbackMustBeAFunction() {
    for (Object testValue : List.of("fhqwhgads", 42, Map.of(), List.of())) {
      NodeError e = assertThrows(NodeError.class,
          () -> Tls.createServer(ServerOptions.fromMap(Map.of("SNICallback", testValue))));
      assertEquals("ERR_INVALID_ARG_TYPE", e.code());
      assertTrue(e.getMessage().matches("(?s).*\\boptions\\.SNICallback\\b.*"), e.getMessage());
    }
  }
}

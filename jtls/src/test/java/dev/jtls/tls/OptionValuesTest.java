package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.stream.Duplex;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Option values as Node takes them in an option bag: {@code rejectUnauthorized: null} is the
 * default (node v20: {@code options.rejectUnauthorized !== false}, on the client and the server);
 * {@code checkServerIdentity: null} is v22's ERR_INVALID_ARG_TYPE (v20 fails an internal assertion).
 */
class OptionValuesTest {
  private static final Path PKI = LoopPeers.PKI;

  private static Map<String, Object> bag(Object... entries) {
    Map<String, Object> map = new HashMap<>();
    for (int i = 0; i < entries.length; i += 2) {
      map.put((String) entries[i], entries[i + 1]);
    }
    return map;
  }

  @Test
  void rejectUnauthorizedNullIsTheDefaultTrueForClientAndServer() {
    assertTrue(ConnectOptions.fromMap(bag("rejectUnauthorized", null)).rejectUnauthorized());
    assertTrue(ServerOptions.fromMap(bag("rejectUnauthorized", null)).rejectUnauthorized());
  }

  @Test
  void aClientWithRejectUnauthorizedNullRefusesASelfSignedServerAsNodeDoes() {
    // node: tls.connect({port, rejectUnauthorized: null}) to this server → 'error' DEPTH_ZERO_SELF_SIGNED_CERT
    TlsServer server = Tls.createServer(new ServerOptions().key(PKI.resolve("self-signed.key")).cert(PKI.resolve("self-signed.pem")),
        socket -> socket.on(Duplex.ERROR, e -> {}));
    await(server.listenAsync(0, "127.0.0.1"));
    try {
      Throwable failure = await(Tls.connectAsync(bag("port", server.address().port(), "host", "127.0.0.1",
          "servername", "localhost", "rejectUnauthorized", null)).handle((s, e) -> e.getCause() != null ? e.getCause() : e));
      assertEquals("DEPTH_ZERO_SELF_SIGNED_CERT", assertInstanceOf(NodeError.class, failure).code());
    } finally {
      await(server.closeAsync());
    }
  }

  @Test
  void checkServerIdentityNullIsInvalidArgTypeAsInNode22() {
    NodeError e = assertThrows(NodeError.class, () -> Tls.connect(bag("port", 1, "checkServerIdentity", null), null));
    assertEquals("ERR_INVALID_ARG_TYPE", e.code());
    assertEquals("The \"options.checkServerIdentity\" property must be of type function. Received null", e.getMessage());
  }
}

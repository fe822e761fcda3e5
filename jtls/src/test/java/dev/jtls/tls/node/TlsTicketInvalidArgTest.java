package dev.jtls.tls.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtls.events.NodeError;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Node's test-tls-ticket-invalid-arg.js: setTicketKeys refuses what is not a buffer
 * (ERR_INVALID_ARG_TYPE; in Java only null gets past the type) and buffers that are not 48 bytes.
 */
class TlsTicketInvalidArgTest {
  private static final Path PKI = Path.of("src/test/resources/pki");

  @Test
  void setTicketKeysChecksItsArgument() {
    TlsServer server = Tls.createServer(new ServerOptions().key(PKI.resolve("server.key"))
        .cert(PKI.resolve("server-chain.pem")));
    try {
      assertEquals("ERR_INVALID_ARG_TYPE", assertThrows(NodeError.class, () -> server.setTicketKeys(null)).code());
      for (int length : new int[] {1, 2, 47, 49}) {
        NodeError error = assertThrows(NodeError.class, () -> server.setTicketKeys(new byte[length]));
        assertEquals("Session ticket keys must be a 48-byte buffer", error.getMessage());
      }
      byte[] keys = new byte[48];
      keys[0] = 1;
      server.setTicketKeys(keys);
      assertEquals(1, server.getTicketKeys()[0]);
    } finally {
      server.close();
    }
  }
}

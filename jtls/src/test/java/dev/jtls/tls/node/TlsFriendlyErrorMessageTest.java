package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.events.NodeError;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-tls-friendly-error-message.js: an unverifiable server certificate gives Node's code and message. */
class TlsFriendlyErrorMessageTest {
  @Test
  @Timeout(20)
  void unableToVerifyLeafSignature() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer server = Tls.createServer(new ServerOptions()
          .key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem")).loop(node.loop()));
      server.on(TlsServer.CONNECTION, node.mustCall(socket -> server.close()));
      server.listen(0, node.mustCall(() -> Tls.connect(new ConnectOptions().port(server.address().port())
          .rejectUnauthorized(true).loop(node.loop())).on(Duplex.ERROR, node.mustCall(err -> {
            assertEquals("UNABLE_TO_VERIFY_LEAF_SIGNATURE", ((NodeError) err).code());
            assertEquals("unable to verify the first certificate", err.getMessage());
          }))));
    });
  }
}

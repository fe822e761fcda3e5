package dev.jtls.tls.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-server-failed-handshake-emits-clienterror.js: garbage instead of a
 * ClientHello gives the server one 'tlsClientError' with OpenSSL's "wrong version number".
 */
class TlsServerFailedHandshakeEmitsClienterrorTest {
  // pending: 'tlsClientError' comes, but the net client that never reads sees no EOF and the loop never drains (Node exits)
  @Test
  @Timeout(20)
  void garbageIsATlsClientError() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      byte[] bonkers = new byte[1024];
      Arrays.fill(bonkers, (byte) 42);
      TlsServer server = Tls.createServer(new ServerOptions().loop(node.loop()));
      server.listen(0, () -> {
        NetSocket[] c = new NetSocket[1];
        c[0] = Net.connect(new NetConnectOptions().port(server.address().port()).loop(node.loop()),
            () -> c[0].write(bonkers));
      });
      server.on(TlsServer.TLS_CLIENT_ERROR, node.mustCall(e -> {
        assertTrue(e.exception().getMessage().matches("(?s).*SSL routines:[^:]*:wrong version number.*"),
            "Expecting SSL unknown protocol: " + e.exception().getMessage());
        server.close();
      }));
    });
  }
}

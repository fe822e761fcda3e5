package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-getprotocol.js: getProtocol() names the negotiated version
 * (TLSv1, TLSv1.1, TLSv1.2) and is null once the socket closed.
 *
 * <p>Node picks the versions with {@code secureProtocol} (e.g. {@code 'TLSv1_1_method'}), which jtls
 * does not have yet; this port pins each client with {@code minVersion} = {@code maxVersion}
 * instead, and leaves the server at the defaults' widest range ({@code TLS_method}: minVersion TLSv1).
 */
class TlsGetprotocolTest {
  record Client(String version, String ciphers) {}

  @Test
  @Timeout(20)
  void negotiatedVersions() {
    List<Client> clientConfigs = List.of(
        new Client("TLSv1", "DEFAULT:@SECLEVEL=0"),
        new Client("TLSv1.1", "DEFAULT:@SECLEVEL=0"),
        new Client("TLSv1.2", null));
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer server = Tls.createServer(new ServerOptions().minVersion("TLSv1").ciphers("RSA@SECLEVEL=0")
          .key(readKey("agent2-key.pem")).cert(readKey("agent2-cert.pem")).loop(node.loop()),
          node.mustCall(clientConfigs.size(), s -> {}));
      server.listen(0, "127.0.0.1", () -> {
        int[] connected = {0};
        for (Client v : clientConfigs) {
          ConnectOptions options = new ConnectOptions().host("127.0.0.1").port(server.address().port())
              .rejectUnauthorized(false).minVersion(v.version()).maxVersion(v.version()).loop(node.loop());
          if (v.ciphers() != null) {
            options.ciphers(v.ciphers());
          }
          TlsSocket[] socket = new TlsSocket[1];
          socket[0] = Tls.connect(options, node.mustCall(() -> {
            assertEquals(v.version(), socket[0].getProtocol());
            socket[0].on(Duplex.END, node.mustCall());
            socket[0].on(Duplex.CLOSE, node.mustCall(hadError -> assertNull(socket[0].getProtocol())));
            socket[0].end();
            if (++connected[0] == clientConfigs.size()) {
              server.close();
            }
          }));
        }
      });
    });
  }
}

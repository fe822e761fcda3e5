package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-client-reject.js: a self-signed server is accepted with
 * {@code rejectUnauthorized: false}, rejected by default and with {@code rejectUnauthorized:
 * undefined} (here an option bag holding null), and authorized when its certificate is the {@code ca}.
 *
 * <p>Left out: Node's {@code socket.once('session', common.mustCall())} on the first client, since
 * jtls has no 'session' event yet (FEATURES.md: session resumption missing).
 */
class TlsClientRejectTest {
  @Test
  @Timeout(20)
  void rejectUnauthorizedVariants() {
    NodeRun.run(getClass().getSimpleName(), TlsClientRejectTest::program);
  }

  static void program(NodeRun node) {
    TlsServer server = Tls.createServer(new ServerOptions()
        .key(readKey("rsa_private.pem")).cert(readKey("rsa_cert.crt")).loop(node.loop()), socket -> {
          socket.pipe(socket);
          socket.on(Duplex.END, () -> socket.end());
        });
    server.listen(0, node.mustCall(() -> unauthorized(node, server)));
  }

  private static void unauthorized(NodeRun node, TlsServer server) {
    TlsSocket[] socket = new TlsSocket[1];
    socket[0] = Tls.connect(new ConnectOptions().port(server.address().port()).servername("localhost")
        .rejectUnauthorized(false).loop(node.loop()), node.mustCall(() -> {
          byte[][] data = new byte[1][];
          assertFalse(socket[0].authorized());
          socket[0].on(Duplex.DATA, node.mustCall(d -> {
            assertEquals("ok", new String(d, StandardCharsets.UTF_8));
            data[0] = d;
          }));
          socket[0].on(Duplex.END, node.mustCall(() -> assertNotNull(data[0], "data failed to echo!")));
          socket[0].on(Duplex.END, () -> rejectUnauthorized(node, server));
        }));
    socket[0].on(Duplex.ERROR, node.mustNotCall("error"));
    socket[0].end("ok");
  }

  private static void rejectUnauthorized(NodeRun node, TlsServer server) {
    TlsSocket socket = Tls.connect(server.address().port(), null,
        new ConnectOptions().servername("localhost").loop(node.loop()), node.mustNotCallRunnable("secureConnect"));
    socket.on(Duplex.DATA, node.mustNotCall("data"));
    socket.on(Duplex.ERROR, node.mustCall(err -> rejectUnauthorizedUndefined(node, server)));
    socket.end("ng");
  }

  private static void rejectUnauthorizedUndefined(NodeRun node, TlsServer server) {
    Map<String, Object> options = new HashMap<>();
    options.put("port", server.address().port());
    options.put("servername", "localhost");
    options.put("rejectUnauthorized", null);
    ConnectOptions connectOptions = ConnectOptions.fromMap(options).loop(node.loop());
    TlsSocket socket = Tls.connect(connectOptions, node.mustNotCallRunnable("secureConnect"));
    socket.on(Duplex.DATA, node.mustNotCall("data"));
    socket.on(Duplex.ERROR, node.mustCall(err -> authorized(node, server)));
    socket.end("ng");
  }

  private static void authorized(NodeRun node, TlsServer server) {
    TlsSocket[] socket = new TlsSocket[1];
    socket[0] = Tls.connect(server.address().port(), null, new ConnectOptions()
        .ca(List.of(readKey("rsa_cert.crt"))).servername("localhost").loop(node.loop()), node.mustCall(() -> {
          assertTrue(socket[0].authorized());
          socket[0].on(Duplex.DATA, node.mustCall(d -> assertEquals("ok", new String(d, StandardCharsets.UTF_8))));
          socket[0].on(Duplex.END, () -> server.close());
        }));
    socket[0].on(Duplex.ERROR, node.mustNotCall("error"));
    socket[0].end("ok");
  }
}

package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NoNativeLeaks;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Node's test-tls-disable-renegotiation: renegotiation works until the server socket calls
 * disableRenegotiation(); the client's next one is 'error' ERR_TLS_RENEGOTIATION_DISABLED on the
 * server's socket, and its callback is never called. 'secure' is emitted again, once, on both ends
 * for the renegotiation that completed.
 */
@ExtendWith(NoNativeLeaks.class)
class TlsDisableRenegotiationTest {
  private final LoopPeers peers = new LoopPeers();

  @AfterEach
  void closePeers() {
    peers.close();
  }

  @Test
  void aRenegotiationAfterDisableRenegotiationIsAnError() {
    CompletableFuture<Throwable> serverError = new CompletableFuture<>();
    List<String> events = new CopyOnWriteArrayList<>();
    int port = peers.listen(() -> Tls.createServer(TlsHandshakeTest.rsaServer().maxVersion("TLSv1.2"), socket -> {
      socket.on(Duplex.ERROR, e -> {
        serverError.complete(e);
        socket.destroy();
      });
      socket.on(Duplex.DATA, chunk -> {
        socket.write(chunk);
        socket.disableRenegotiation();
      });
      socket.on(TlsSocket.SECURE, () -> events.add("server secure"));
    }));
    List<Boolean> returned = new CopyOnWriteArrayList<>();
    LoopPeers.Client client = peers.connect(new ConnectOptions().host("127.0.0.1").port(port)
        .rejectUnauthorized(false), socket -> socket.on(TlsSocket.SECURE_CONNECT, () -> {
          socket.on(TlsSocket.SECURE, () -> events.add("client secure"));
          returned.add(socket.renegotiate(new RenegotiateOptions().rejectUnauthorized(false), err -> {
            events.add("renegotiated " + err);
            socket.write("data".getBytes(), writeError -> {
              returned.add(socket.renegotiate(new RenegotiateOptions(), again -> events.add("second callback")));
            });
          }));
        }));

    NodeError error = (NodeError) await(serverError);
    assertEquals("ERR_TLS_RENEGOTIATION_DISABLED", error.code());
    assertEquals("TLS session renegotiation disabled for this socket", error.getMessage());
    await(client.closed);
    assertEquals(List.of(true, true), returned);
    assertTrue(events.containsAll(List.of("server secure", "client secure", "renegotiated null")), events.toString());
    assertEquals(3, events.size(), events.toString());
  }

  @Test
  void renegotiateWithoutOptionsIsAnArgumentError() {
    int port = peers.listenTls(TlsHandshakeTest.rsaServer());
    LoopPeers.Client client = peers.connect(new ConnectOptions().host("127.0.0.1").port(port).rejectUnauthorized(false));
    await(client.secureConnect);
    NodeError error = assertThrows(NodeError.class,
        () -> client.socket.renegotiate((RenegotiateOptions) null, err -> {}));
    assertEquals("ERR_INVALID_ARG_TYPE", error.code());
    NodeError badOption = assertThrows(NodeError.class,
        () -> client.socket.renegotiate(Map.of("requestCert", "yes"), err -> {}));
    assertEquals("ERR_INVALID_ARG_TYPE", badOption.code());
    client.closeAndWait();
  }
}

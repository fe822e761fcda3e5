package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Node's {@code socket.server}: node v20 gives, for the same program, true for the raw socket of
 * 'connection' and for the server's TLSSocket ({@code s.server === server}), and nothing on the
 * client ({@code undefined} on a TLSSocket, {@code null} on a net.Socket); jtls gives null for both.
 */
class SocketServerPropertyTest {
  private static final Path PKI = LoopPeers.PKI;

  @Test
  void acceptedSocketsKnowTheirServerAndClientsHaveNone() {
    CompletableFuture<List<Object>> serverSide = new CompletableFuture<>();
    TlsServer server = Tls.createServer(new ServerOptions().key(PKI.resolve("server-ec.key")).cert(PKI.resolve("server-ec-chain.pem")));
    CompletableFuture<NetSocket> raw = new CompletableFuture<>();
    server.on(TlsServer.CONNECTION, raw::complete);
    server.on(TlsServer.SECURE_CONNECTION, socket -> {
      serverSide.complete(List.of(raw.join().server(), socket.server()));
      socket.end();
    });
    await(server.listenAsync(0, "127.0.0.1"));
    try {
      CompletableFuture<Boolean> closed = new CompletableFuture<>();
      CompletableFuture<Void> secure = new CompletableFuture<>();
      // the server ends at once, so the client may close before connectAsync's caller sees it: the
      // listeners go on in setup, on the loop, before any I/O
      TlsSocket client = Tls.connectWithSetup(new ConnectOptions().host("127.0.0.1").port(server.address().port())
          .servername("localhost").ca(PKI.resolve("root-ca.pem")), s -> {
            s.once(Duplex.CLOSE, closed::complete);
            s.on(TlsSocket.SECURE_CONNECT, () -> secure.complete(null));
            s.resume();
          });
      await(secure);
      assertEquals(List.of(server, server), await(serverSide));
      assertNull(client.server());
      assertNull(((NetSocket) client.socket()).server());
      client.end();
      await(closed);
    } finally {
      await(server.closeAsync());
    }
  }
}

package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.net.EventLoop;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NoNativeLeaks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoNativeLeaks.class)
class TlsHandshakeTest {
  static final Path PKI = Path.of("src/test/resources/pki");

  private TlsServer server;

  @AfterEach
  void closeServer() {
    if (server != null) {
      CompletableFuture<Void> closed = new CompletableFuture<>();
      server.close(() -> closed.complete(null));
      await(closed);
    }
  }

  private int listen(ServerOptions options, java.util.function.Consumer<TlsSocket> onSecure) {
    server = Tls.createServer(options, onSecure);
    CompletableFuture<Integer> port = new CompletableFuture<>();
    server.listen(0, "127.0.0.1", () -> port.complete(server.address().port()));
    return await(port);
  }

  static ServerOptions rsaServer() {
    return new ServerOptions().key(PKI.resolve("server.key")).cert(PKI.resolve("server-chain.pem"));
  }

  @Test
  void clientAndServerHandshakeThenExchangeDataInNodesEventOrder() {
    List<String> events = new CopyOnWriteArrayList<>();
    CompletableFuture<String> serverGot = new CompletableFuture<>();
    int port = listen(rsaServer(), s -> {
      events.add("server:secureConnection authorized=" + s.authorized());
      s.on(Duplex.DATA, b -> {
        serverGot.complete(new String(b, StandardCharsets.UTF_8));
        s.end("pong");
      });
    });
    CompletableFuture<Void> closed = new CompletableFuture<>();
    CompletableFuture<String> clientGot = new CompletableFuture<>();
    CompletableFuture<String[]> info = new CompletableFuture<>();
    // Created and observed in one loop task, as Node code is: no event can fire before the listeners exist.
    TlsSocket client = call(EventLoop.defaultLoop(), () -> {
      TlsSocket c = Tls.connect(new ConnectOptions().port(port).host("127.0.0.1").servername("localhost")
          .ca(PKI.resolve("root-ca.pem")), null);
      register(c, events, info, clientGot, closed);
      return c;
    });
    String[] i = await(info);
    assertEquals("TLSv1.3", i[0]);
    assertEquals("true", i[1]);
    assertNull(i[2]);
    assertEquals("TLS_AES_256_GCM_SHA384", i[3]);
    assertEquals("localhost", i[4]);
    assertEquals("ping", await(serverGot));
    assertEquals("pong", await(clientGot));
    await(closed);
    assertEquals(List.of("client:secure", "client:secureConnect", "client:end", "client:close false"),
        events.stream().filter(e -> e.startsWith("client")).toList());
    assertTrue(events.contains("server:secureConnection authorized=false"));
    assertNull(client.getProtocol(), "getProtocol() is null after close");
    assertNull(client.getPeerCertificate(), "no certificate object after close");
  }

  private static void register(TlsSocket client, List<String> events, CompletableFuture<String[]> info,
      CompletableFuture<String> clientGot, CompletableFuture<Void> closed) {
    client.on(TlsSocket.SECURE, () -> events.add("client:secure"));
    client.on(TlsSocket.SECURE_CONNECT, () -> {
      events.add("client:secureConnect");
      info.complete(new String[] {client.getProtocol(), String.valueOf(client.authorized()),
          client.authorizationError(), client.getCipher().name(), client.servername()});
      client.write("ping");
    });
    client.on(Duplex.DATA, b -> clientGot.complete(new String(b, StandardCharsets.UTF_8)));
    client.on(Duplex.END, () -> events.add("client:end"));
    client.on(Duplex.CLOSE, hadError -> {
      events.add("client:close " + hadError);
      closed.complete(null);
    });
  }
}

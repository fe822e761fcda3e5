package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.net.Timer;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NoNativeLeaks;
import dev.jtls.testing.NodeScript;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The socket lifecycle as Node has it. Each case was run as the same program under node (v20),
 * whose events are quoted in the test's comment; the scripts are kept in
 * src/test/resources/node/lifecycle/.
 */
@ExtendWith(NoNativeLeaks.class)
class SocketLifecycleTest {
  private final LoopPeers peers = new LoopPeers();

  @AfterEach
  void closeServers() {
    peers.close(); // waits for each server's 'close', which waits for every connection
  }

  private static ServerOptions serverOptions() {
    return new ServerOptions().key(LoopPeers.PKI.resolve("server.key")).cert(LoopPeers.PKI.resolve("server-chain.pem"));
  }

  private static TlsSocketOptions wrapOptions() {
    TlsSocketOptions o = new TlsSocketOptions().isServer(true);
    o.key(LoopPeers.PKI.resolve("server.key")).cert(LoopPeers.PKI.resolve("server-chain.pem"));
    return o;
  }

  /** Listens for the end and close of a socket nobody reads. */
  private static void recordEndAndClose(Duplex socket, List<String> events, CompletableFuture<Boolean> closed) {
    socket.on(Duplex.END, () -> events.add("end"));
    socket.on(Duplex.ERROR, e -> events.add("error"));
    socket.on(Duplex.CLOSE, hadError -> {
      events.add("close " + hadError);
      closed.complete(hadError);
    });
  }

  /** node: "net end", "net close false", then the server closes. */
  @Test
  void aNetSocketNobodyReadsSeesItsPeerEndThenClose() {
    List<String> events = new CopyOnWriteArrayList<>();
    CompletableFuture<Boolean> closed = new CompletableFuture<>();
    int port = peers.listen(() -> Net.createServer(socket -> recordEndAndClose(socket, events, closed)));
    run(peers.loop(), () -> {
      NetSocket client = Net.connect(port, "127.0.0.1");
      client.on(NetSocket.CONNECT, () -> client.end());
      client.resume();
    });
    assertFalse(await(closed));
    assertEquals(List.of("end", "close false"), events);
  }

  /** node: "tls end", "tls close false", then the server closes. */
  @Test
  void aTlsSocketNobodyReadsSeesItsPeerCloseNotifyThenClose() {
    List<String> events = new CopyOnWriteArrayList<>();
    CompletableFuture<Boolean> closed = new CompletableFuture<>();
    int port = peers.listen(() -> Tls.createServer(serverOptions(), socket -> recordEndAndClose(socket, events, closed)));
    LoopPeers.Client client = peers.connect(new ConnectOptions().host("127.0.0.1").port(port).rejectUnauthorized(false),
        socket -> {
          socket.on(TlsSocket.SECURE_CONNECT, () -> socket.end());
          socket.resume();
        });
    assertFalse(await(closed));
    assertEquals(List.of("end", "close false"), events);
    assertFalse(await(client.closed));
  }

  /** Wraps {@code raw} in a server TlsSocket once bytes from the client are buffered on it, as Node's test does with a timer. */
  private static void wrapWhenBuffered(NetSocket raw, List<String> events, Consumer<TlsSocket> wrapped) {
    Timer[] poll = new Timer[1];
    poll[0] = raw.loop().setInterval(() -> {
      if (raw.readableLength() == 0) {
        return;
      }
      poll[0].cancel();
      events.add("buffered before wrap");
      TlsSocket tls = new TlsSocket(raw, wrapOptions());
      tls.on(Duplex.ERROR, e -> events.add("server error " + ((dev.jtls.events.NodeError) e).code()));
      wrapped.accept(tls);
    }, 1);
  }

  /** node: buffered before wrap, client secureConnect, server secure, client data hi, both close false. */
  @Test
  void wrappingAfterTheClientHelloArrivedCompletesTheHandshake() {
    List<String> events = new CopyOnWriteArrayList<>();
    CompletableFuture<Boolean> serverClosed = new CompletableFuture<>();
    int port = peers.listen(() -> Net.createServer(raw -> wrapWhenBuffered(raw, events, tls -> {
      tls.on(TlsSocket.SECURE, () -> {
        events.add("server secure");
        tls.end("hi");
      });
      tls.on(Duplex.CLOSE, serverClosed::complete);
    })));
    CompletableFuture<String> data = new CompletableFuture<>();
    LoopPeers.Client client = peers.connect(new ConnectOptions().host("127.0.0.1").port(port).rejectUnauthorized(false),
        socket -> socket.on(Duplex.DATA, chunk -> data.complete(new String(chunk, StandardCharsets.UTF_8))));
    assertEquals("hi", await(data));
    assertFalse(await(client.closed));
    assertFalse(await(serverClosed));
    assertEquals(List.of("buffered before wrap", "server secure"), events);
  }

  /** node: buffered before wrap, server error ERR_SSL_HTTP_REQUEST, server close true; the client closes. */
  @Test
  void wrappingAfterGarbageArrivedEmitsErrorThenClose() {
    List<String> events = new CopyOnWriteArrayList<>();
    CompletableFuture<Boolean> serverClosed = new CompletableFuture<>();
    int port = peers.listen(() -> Net.createServer(raw -> wrapWhenBuffered(raw, events, tls ->
        tls.on(Duplex.CLOSE, hadError -> {
          events.add("server close " + hadError);
          serverClosed.complete(hadError);
        }))));
    CompletableFuture<Boolean> clientClosed = new CompletableFuture<>();
    run(peers.loop(), () -> {
      NetSocket client = Net.connect(new NetConnectOptions().host("127.0.0.1").port(port));
      client.on(NetSocket.CONNECT, () -> client.write("GET / HTTP/1.1\r\n\r\n"));
      client.on(Duplex.ERROR, e -> {});
      client.on(Duplex.CLOSE, clientClosed::complete);
      client.resume();
    });
    assertTrue(await(serverClosed));
    await(clientClosed);
    assertEquals(List.of("buffered before wrap", "server error ERR_SSL_HTTP_REQUEST", "server close true"), events);
  }

  /**
   * A client that sends close_notify and closes at once: the server socket closes without an
   * error, every time. node: "errors 0 closes 20".
   */
  @Test
  void closeNotifyFollowedByAnImmediateCloseIsNotAnErrorOnTheServer() {
    int rounds = 20;
    List<String> serverErrors = new CopyOnWriteArrayList<>();
    List<Boolean> hadErrors = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> allClosed = new CompletableFuture<>();
    int port = peers.listen(() -> Tls.createServer(serverOptions(), socket -> {
      socket.on(Duplex.ERROR, e -> serverErrors.add(String.valueOf(e)));
      socket.on(Duplex.CLOSE, hadError -> {
        hadErrors.add(hadError);
        if (hadErrors.size() == rounds) {
          allClosed.complete(null);
        }
      });
      socket.resume();
    }));
    for (int i = 0; i < rounds; i++) {
      LoopPeers.Client client = peers.connect(new ConnectOptions().host("127.0.0.1").port(port).rejectUnauthorized(false),
          socket -> socket.on(TlsSocket.SECURE_CONNECT, () -> {
            socket.end();
            socket.destroy();
          }));
      await(client.closed);
    }
    await(allClosed);
    assertFalse(hadErrors.contains(true), hadErrors.toString());
    assertEquals(List.of(), serverErrors);
  }

  /**
   * A junk ClientHello, small or followed by a megabyte more: the server reports the same
   * 'tlsClientError' codes as a node server and the client sees what a node server gives it
   * (junk.js probes a node server of its own, then this one). node v20 answers the small one with
   * an alert and a FIN, "data, end, close false"; the large one's socket closes (see junk.js for
   * why the way it closes is a race for every server).
   */
  @Test
  void aJunkClientHelloGetsWhatANodeServerGives() throws Exception {
    List<String> underNode = NodeScript.run("lifecycle/junk.js", "");
    List<String> codes = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> bothFailed = new CompletableFuture<>();
    int port = peers.listen(() -> {
      TlsServer server = Tls.createServer(serverOptions());
      server.on(TlsServer.TLS_CLIENT_ERROR, e -> {
        codes.add("tlsClientError " + ((NodeError) e.exception()).code());
        if (codes.size() == 2) {
          bothFailed.complete(null);
        }
      });
      return server;
    });
    List<String> client = NodeScript.run("lifecycle/junk.js", "", String.valueOf(port));
    await(bothFailed);
    List<String> underJtls = new ArrayList<>(codes);
    underJtls.addAll(client);
    assertEquals(underNode, underJtls);
  }
}

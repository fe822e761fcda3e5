package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.call;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.net.DroppedConnection;
import dev.jtls.net.EventLoop;
import dev.jtls.net.EventLoopGroup;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A TLS server over a group of 4 loops: connections spread over the loops, each connection's
 * events on its own loop's thread, every byte echoed in order, and the server's close(),
 * getConnections() and maxConnections counting the connections of all loops together.
 */
class MultiLoopServerTest {
  private static final Path PKI = Path.of("src/test/resources/pki");
  private static final int CONNECTIONS = 200;
  private static final int BYTES_PER_CONNECTION = 6 * 1024;

  private final EventLoopGroup serverLoops = EventLoopGroup.create("mls-server", 4);
  private final EventLoopGroup clientLoops = EventLoopGroup.create("mls-client", 2);
  private final Queue<String> wrongThread = new ConcurrentLinkedQueue<>();
  private TlsServer server;

  @AfterEach
  void closeServer() {
    if (server != null && server.listening()) {
      CompletableFuture<Void> closed = new CompletableFuture<>();
      server.close(() -> closed.complete(null));
      await(closed);
    }
  }

  private static ServerOptions serverOptions() {
    return new ServerOptions().key(PKI.resolve("server-ec.key")).cert(PKI.resolve("server-ec-chain.pem"));
  }

  private static ConnectOptions clientOptions(int port, EventLoop loop) {
    return new ConnectOptions().host("127.0.0.1").port(port).servername("localhost").ca(PKI.resolve("root-ca.pem"))
        .loop(loop);
  }

  private void onLoopOf(Duplex socket, String what) {
    if (!socket.loop().inLoop()) {
      wrongThread.add(what + " on " + Thread.currentThread().getName() + ", socket on " + socket.loop().name());
    }
  }

  private int listen() {
    CompletableFuture<Integer> port = new CompletableFuture<>();
    server.listen(0, "127.0.0.1", () -> port.complete(server.address().port()));
    return await(port);
  }

  private static byte[] payload(int connection) {
    byte[] bytes = new byte[BYTES_PER_CONNECTION];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (connection * 31 + i * 7 + (i >> 8));
    }
    return bytes;
  }

  @Test
  void manyConnectionsEchoEveryByteInOrderEachOnItsOwnLoop() {
    Map<String, AtomicInteger> perLoop = new ConcurrentHashMap<>();
    CountDownLatch allSecure = new CountDownLatch(CONNECTIONS);
    server = Tls.createServer(serverOptions().loops(serverLoops), socket -> {
      onLoopOf(socket, "secureConnection");
      if (!serverLoops.contains(socket.loop())) {
        wrongThread.add("server connection on " + socket.loop().name());
      }
      perLoop.computeIfAbsent(socket.loop().name(), k -> new AtomicInteger()).incrementAndGet();
      socket.on(Duplex.DATA, chunk -> onLoopOf(socket, "server data"));
      socket.on(Duplex.CLOSE, hadError -> onLoopOf(socket, "server close"));
      socket.pipe(socket);
      allSecure.countDown();
    });
    server.on(TlsServer.CONNECTION, raw -> onLoopOf(raw, "connection"));
    int port = listen();

    List<CompletableFuture<byte[]>> echoed = new ArrayList<>();
    List<TlsSocket> clients = new ArrayList<>();
    for (int i = 0; i < CONNECTIONS; i++) {
      EventLoop loop = clientLoops.next();
      byte[] sent = payload(i);
      CompletableFuture<byte[]> received = new CompletableFuture<>();
      echoed.add(received);
      clients.add(call(loop, () -> {
        TlsSocket client = Tls.connect(clientOptions(port, loop));
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        client.on(TlsSocket.SECURE_CONNECT, () -> {
          onLoopOf(client, "secureConnect");
          for (int off = 0; off < sent.length; off += 1500) {
            client.write(Arrays.copyOfRange(sent, off, Math.min(sent.length, off + 1500)));
          }
        });
        client.on(Duplex.DATA, chunk -> {
          onLoopOf(client, "client data");
          in.writeBytes(chunk);
          if (in.size() >= sent.length) {
            received.complete(in.toByteArray());
          }
        });
        client.on(Duplex.ERROR, received::completeExceptionally);
        return client;
      }));
    }
    for (int i = 0; i < CONNECTIONS; i++) {
      assertArrayEquals(payload(i), await(echoed.get(i)), "connection " + i);
    }
    awaitLatch(allSecure);
    assertEquals(CONNECTIONS, server.connections());
    CompletableFuture<Integer> counted = new CompletableFuture<>();
    server.getConnections((error, count) -> counted.complete(count));
    assertEquals(CONNECTIONS, await(counted));
    assertEquals(4, perLoop.size(), "connections per loop " + perLoop);

    // close() stops accepting at once, but 'close' waits for the connections of every loop
    CompletableFuture<Integer> closedWith = new CompletableFuture<>();
    server.close(() -> closedWith.complete(server.connections()));
    CompletableFuture<Boolean> closeDoneBeforeEnds = new CompletableFuture<>();
    server.getConnections((error, count) -> closeDoneBeforeEnds.complete(closedWith.isDone()));
    assertFalse(await(closeDoneBeforeEnds), "'close' before the connections closed");
    assertFalse(server.listening());
    List<CompletableFuture<Boolean>> clientClosed = new ArrayList<>();
    for (TlsSocket client : clients) {
      CompletableFuture<Boolean> closed = new CompletableFuture<>();
      clientClosed.add(closed);
      run(client.loop(), () -> {
        client.on(Duplex.CLOSE, closed::complete);
        client.end();
      });
    }
    assertEquals(0, await(closedWith));
    for (CompletableFuture<Boolean> closed : clientClosed) {
      assertFalse(await(closed));
    }
    assertTrue(wrongThread.isEmpty(), () -> "events off their loop: " + wrongThread);
  }

  @Test
  void maxConnectionsCountsTheConnectionsOfEveryLoop() {
    List<NetSocket> serverSide = new ArrayList<>();
    server = Tls.createServer(serverOptions().loops(serverLoops), socket -> {
      socket.on(Duplex.ERROR, e -> {}); // a client destroyed below may reset the server's write
      socket.resume();
    });
    server.on(TlsServer.CONNECTION, raw -> {
      synchronized (serverSide) {
        serverSide.add(raw);
      }
    });
    server.maxConnections(3);
    CompletableFuture<DroppedConnection> dropped = new CompletableFuture<>();
    server.on(TlsServer.DROP, dropped::complete);
    int port = listen();

    List<LoopPeers.Client> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      held.add(clientOn(clientLoops.next(), port));
      assertNotNull(await(held.get(i).secureConnect));
    }
    LoopPeers.Client refused = clientOn(clientLoops.next(), port);
    assertEquals("ECONNRESET", ((NodeError) refused.failure()).code());
    DroppedConnection drop = await(dropped);
    assertEquals(List.of("127.0.0.1", port, "IPv4", "127.0.0.1", "IPv4"),
        List.of(drop.localAddress(), drop.localPort(), drop.localFamily(), drop.remoteAddress(), drop.remoteFamily()));
    assertTrue(drop.remotePort() > 0);
    assertEquals(3, server.connections());
    synchronized (serverSide) {
      assertEquals(3, serverSide.size());
      serverSide.forEach(raw -> assertTrue(serverLoops.contains(raw.loop())));
    }

    // one closes: its server side counts out (this listener runs after the server's own), room for one more
    NetSocket first;
    synchronized (serverSide) {
      first = serverSide.get(0);
    }
    CompletableFuture<Integer> countAfterClose = new CompletableFuture<>();
    run(first.loop(), () -> first.on(Duplex.CLOSE, hadError -> countAfterClose.complete(server.connections())));
    held.get(0).closeAndWait();
    assertEquals(2, await(countAfterClose));
    LoopPeers.Client admitted = clientOn(clientLoops.next(), port);
    assertNotNull(await(admitted.secureConnect));
    admitted.closeAndWait();
    held.get(1).closeAndWait();
    held.get(2).closeAndWait();
  }

  @Test
  void aClientRunsOnTheLoopItChose() {
    server = Tls.createServer(serverOptions(), socket -> socket.pipe(socket));
    int port = listen();
    EventLoop chosen = clientLoops.loops().get(1);
    LoopPeers.Client client = clientOn(chosen, port);
    assertNotNull(await(client.secureConnect));
    assertTrue(call(chosen, () -> client.socket.loop() == chosen));
    CompletableFuture<String> echoedOn = new CompletableFuture<>();
    run(chosen, () -> {
      client.socket.once(Duplex.DATA, chunk -> echoedOn.complete(Thread.currentThread().getName()));
      client.socket.write(new byte[] {1, 2, 3});
    });
    assertEquals(chosen.name(), await(echoedOn));
    client.closeAndWait();
  }

  /**
   * setSecureContext from the test thread while connections on 4 loops are being made: each
   * connection is served whole from one of the two identities (the previous context is freed only
   * after every loop passed the swap, so none is made from a freed one), and every byte arrives.
   */
  @Test
  void setSecureContextWhileConnectionsAreMadeOnEveryLoop() {
    SecureContextOptions rsa = new SecureContextOptions().key(PKI.resolve("server.key")).cert(PKI.resolve("server-chain.pem"));
    SecureContextOptions ec = new SecureContextOptions().key(PKI.resolve("server-ec.key")).cert(PKI.resolve("server-ec-chain.pem"));
    server = Tls.createServer(new ServerOptions().key(PKI.resolve("server.key")).cert(PKI.resolve("server-chain.pem"))
        .loops(serverLoops), socket -> socket.pipe(socket));
    int port = listen();
    int connections = 120;
    List<CompletableFuture<String>> served = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      EventLoop loop = clientLoops.next();
      byte[] sent = payload(i);
      CompletableFuture<String> identity = new CompletableFuture<>();
      served.add(identity);
      run(loop, () -> {
        TlsSocket client = Tls.connect(clientOptions(port, loop));
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        String[] peer = new String[1];
        client.on(TlsSocket.SECURE_CONNECT, () -> {
          peer[0] = client.getPeerCertificate().subject().containsKey("C") ? "rsa" : "ec";
          client.write(sent);
        });
        client.on(Duplex.DATA, chunk -> {
          in.writeBytes(chunk);
          if (in.size() >= sent.length) {
            identity.complete(Arrays.equals(sent, in.toByteArray()) ? peer[0] : "bytes differ");
            client.end();
          }
        });
        client.on(Duplex.ERROR, identity::completeExceptionally);
      });
      if (i % 6 == 3) {
        server.setSecureContext(i % 12 == 3 ? ec : rsa);
      }
    }
    for (int i = 0; i < connections; i++) {
      String identity = await(served.get(i));
      assertTrue(identity.equals("rsa") || identity.equals("ec"), "connection " + i + ": " + identity);
    }
    server.setSecureContext(ec);
    LoopPeers.Client last = clientOn(clientLoops.next(), port);
    assertNotNull(await(last.secureConnect));
    assertEquals(false, call(last.socket.loop(), () -> last.socket.getPeerCertificate().subject().containsKey("C")));
    last.closeAndWait();
  }

  @Test
  void loopsOptionFromANodeStyleMap() {
    assertEquals(3, ServerOptions.fromMap(Map.of("loops", 3)).loops().size());
    assertEquals(serverLoops, ServerOptions.fromMap(Map.of("loops", serverLoops)).loops());
    NodeError error = assertThrows(NodeError.class, () -> ServerOptions.fromMap(Map.of("loops", "4")));
    assertEquals("ERR_INVALID_ARG_TYPE", error.code());
  }

  private static LoopPeers.Client clientOn(EventLoop loop, int port) {
    return call(loop, () -> new LoopPeers.Client(Tls.connect(clientOptions(port, loop))));
  }

  private static void awaitLatch(CountDownLatch latch) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try {
        latch.await();
        done.complete(null);
      } catch (InterruptedException e) {
        done.completeExceptionally(e);
      }
    });
    await(done);
  }
}

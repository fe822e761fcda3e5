package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.call;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.net.AddressInfo;
import dev.jtls.net.EventLoop;
import dev.jtls.net.EventLoopGroup;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 8's stress test: a server over 4 loops echoes 200 connections made on 2 client loops while
 * two plain threads and every loop query the sockets of other loops, count the server's connections,
 * and the server's context is replaced between batches of connections. Every byte must come back in
 * order, every query must answer without an exception and with a plausible value, and the test must
 * end (a query that waited on another loop would deadlock here: loops query each other).
 */
class CrossLoopStressTest {
  private static final Path PKI = Path.of("src/test/resources/pki");
  private static final int CONNECTIONS = 200;
  private static final int BATCHES = 8;
  /** Write sizes cycled through, from a single byte to more than one TLS record. */
  private static final int[] CHUNKS = {1, 700, 1500, 16 * 1024 + 5, 64, 5000, 3, 9000};
  private static final int CHUNKS_PER_CONNECTION = 12;
  private static final int SOCKETS_PER_PASS = 16;

  private final EventLoopGroup serverLoops = EventLoopGroup.create("stress-server", 4);
  private final EventLoopGroup clientLoops = EventLoopGroup.create("stress-client", 2);
  private final Queue<String> failures = new ConcurrentLinkedQueue<>();
  private final List<TlsSocket> serverSockets = new CopyOnWriteArrayList<>();
  private final List<TlsSocket> clientSockets = new CopyOnWriteArrayList<>();
  private TlsServer server;

  /** The byte at {@code position} of connection {@code connection}'s stream: differs by connection and position. */
  private static byte streamByte(int connection, long position) {
    return (byte) (connection * 131 + position * 7 + (position >> 9));
  }

  private static int streamLength() {
    int length = 0;
    for (int i = 0; i < CHUNKS_PER_CONNECTION; i++) {
      length += CHUNKS[i % CHUNKS.length];
    }
    return length;
  }

  private static SecureContextOptions identity(boolean rsa) {
    return rsa
        ? new SecureContextOptions().key(PKI.resolve("server.key")).cert(PKI.resolve("server-chain.pem"))
        : new SecureContextOptions().key(PKI.resolve("server-ec.key")).cert(PKI.resolve("server-ec-chain.pem"));
  }

  /** After a failure: whatever is still open is destroyed, so the native-leak check names the real failure only. */
  @AfterEach
  void destroyWhatIsLeft() {
    for (TlsSocket client : clientSockets) {
      run(client.loop(), client::destroy);
    }
    for (TlsSocket socket : serverSockets) {
      run(socket.loop(), socket::destroy);
    }
    if (server != null && server.listening()) {
      CompletableFuture<Void> closed = new CompletableFuture<>();
      server.close(() -> closed.complete(null));
      await(closed);
    }
  }

  /**
   * Both ways a server spreads connections over its loops: one acceptor handing them off, or one
   * SO_REUSEPORT listener per loop (the internal switch jtls.server.reusePort, read when options are made).
   */
  @ParameterizedTest(name = "reusePort={0}")
  @ValueSource(booleans = {false, true})
  void echoStaysWholeWhileLoopsAndThreadsQueryEachOtherAndTheContextChanges(boolean reusePort) {
    String property = "jtls.server.reusePort";
    String previous = System.setProperty(property, Boolean.toString(reusePort));
    ServerOptions options;
    try {
      options = new ServerOptions();
    } finally {
      if (previous == null) {
        System.clearProperty(property);
      } else {
        System.setProperty(property, previous);
      }
    }
    server = Tls.createServer(options.key(PKI.resolve("server.key"))
        .cert(PKI.resolve("server-chain.pem")).loops(serverLoops), socket -> {
          serverSockets.add(socket);
          socket.on(Duplex.ERROR, e -> failures.add("server socket error: " + e));
          socket.pipe(socket);
        });
    server.on(TlsServer.TLS_CLIENT_ERROR, e -> failures.add("tlsClientError: " + e));
    CompletableFuture<Integer> listening = new CompletableFuture<>();
    server.listen(0, "127.0.0.1", () -> listening.complete(server.address().port()));
    int port = await(listening);

    // Each loop queries the sockets of the other side's loops; two plain threads query both sides.
    List<Querier> queriers = new ArrayList<>();
    for (EventLoop loop : serverLoops.loops()) {
      queriers.add(new Querier(loop.name(), clientSockets, server).startOn(loop));
    }
    for (EventLoop loop : clientLoops.loops()) {
      queriers.add(new Querier(loop.name(), serverSockets, server).startOn(loop));
    }
    queriers.add(new Querier("thread-clients", clientSockets, server).startOnThread());
    queriers.add(new Querier("thread-servers", serverSockets, server).startOnThread());

    // Batches of connections; between batches, once the batch is secure, the server's context is
    // replaced (alternately from this thread and from a client loop) while earlier batches still echo.
    List<CompletableFuture<Void>> echoed = new ArrayList<>();
    boolean rsa = true;
    int perBatch = CONNECTIONS / BATCHES;
    for (int batch = 0; batch < BATCHES; batch++) {
      List<CompletableFuture<String>> identities = new ArrayList<>();
      for (int i = batch * perBatch; i < (batch + 1) * perBatch; i++) {
        CompletableFuture<String> served = new CompletableFuture<>();
        identities.add(served);
        echoed.add(connect(i, port, served));
      }
      String expected = rsa ? "rsa" : "ec";
      for (CompletableFuture<String> served : identities) {
        assertEquals(expected, await(served), "the identity of a connection of batch " + batch);
      }
      rsa = !rsa;
      SecureContextOptions next = identity(rsa);
      if (batch % 2 == 0) {
        server.setSecureContext(next);
      } else {
        run(clientLoops.loops().get(batch % clientLoops.size()), () -> server.setSecureContext(next));
      }
    }
    for (CompletableFuture<Void> done : echoed) {
      await(done);
    }
    assertEquals(CONNECTIONS, server.connections());

    // With every connection open and echoed, each querier makes one more full pass in which every
    // socket it queries must answer as a live TLSv1.3 connection.
    List<CompletableFuture<Integer>> livePasses = new ArrayList<>();
    for (Querier querier : queriers) {
      livePasses.add(querier.nextPass());
    }
    for (CompletableFuture<Integer> live : livePasses) {
      assertEquals(CONNECTIONS, await(live));
    }

    // Close while the queries go on: they must see either the live or the closed answer.
    List<CompletableFuture<Boolean>> closed = new ArrayList<>();
    for (TlsSocket client : clientSockets) {
      CompletableFuture<Boolean> done = new CompletableFuture<>();
      closed.add(done);
      run(client.loop(), () -> {
        client.on(Duplex.CLOSE, done::complete);
        client.end();
      });
    }
    for (CompletableFuture<Boolean> done : closed) {
      assertEquals(false, await(done), "a client closed with an error");
    }
    CompletableFuture<Void> serverClosed = new CompletableFuture<>();
    server.close(() -> serverClosed.complete(null));
    await(serverClosed);
    for (Querier querier : queriers) {
      await(querier.stop());
    }
    assertTrue(failures.isEmpty(), () -> failures.size() + " failures, first: " + failures.peek());
  }

  /**
   * Connects client {@code index} on the next client loop; {@code served} gets the identity the
   * server showed ("rsa" or "ec"); the result completes when the whole stream came back.
   */
  private CompletableFuture<Void> connect(int index, int port, CompletableFuture<String> served) {
    EventLoop loop = clientLoops.next();
    CompletableFuture<Void> echoed = new CompletableFuture<>();
    int length = streamLength();
    run(loop, () -> {
      TlsSocket client = Tls.connect(new ConnectOptions().host("127.0.0.1").port(port).servername("localhost")
          .ca(PKI.resolve("root-ca.pem")).loop(loop));
      clientSockets.add(client);
      long[] received = {0};
      int[] written = {0, 0}; // chunks written, bytes written
      Runnable writeNext = () -> {
        int size = CHUNKS[written[0] % CHUNKS.length];
        byte[] chunk = new byte[size];
        for (int j = 0; j < size; j++) {
          chunk[j] = streamByte(index, written[1] + j);
        }
        written[0]++;
        written[1] += size;
        client.write(chunk);
      };
      client.on(TlsSocket.SECURE_CONNECT, () -> {
        served.complete(client.getPeerCertificate().subject().containsKey("C") ? "rsa" : "ec");
        writeNext.run();
        writeNext.run();
      });
      client.on(Duplex.DATA, chunk -> {
        for (byte b : chunk) {
          if (b != streamByte(index, received[0])) {
            echoed.completeExceptionally(new AssertionError("connection " + index + ": wrong byte at " + received[0]));
            client.destroy();
            return;
          }
          received[0]++;
        }
        // two chunks in flight: the next is written once everything before the latest came back
        if (written[0] < CHUNKS_PER_CONNECTION && received[0] >= written[1] - CHUNKS[(written[0] - 1) % CHUNKS.length]) {
          writeNext.run();
        }
        if (received[0] == length) {
          echoed.complete(null);
        } else if (received[0] > length) {
          echoed.completeExceptionally(new AssertionError("connection " + index + ": more bytes than were sent"));
        }
      });
      client.on(Duplex.ERROR, e -> {
        failures.add("client " + index + " error: " + e);
        served.completeExceptionally(e);
        echoed.completeExceptionally(e);
      });
    });
    return echoed;
  }

  /**
   * Queries the sockets of other loops over and over, on a loop (one pass a task, so the loop
   * keeps serving its own sockets) or on a thread of its own, and records any implausible answer.
   */
  private final class Querier {
    final String name;
    final List<TlsSocket> sockets;
    final TlsServer server;
    final Map<TlsSocket, Long> lastBytesWritten = new IdentityHashMap<>();
    volatile CompletableFuture<Integer> pendingPass;
    volatile boolean stopping;
    int cursor;
    final CompletableFuture<Void> stopped = new CompletableFuture<>();

    Querier(String name, List<TlsSocket> sockets, TlsServer server) {
      this.name = name;
      this.sockets = sockets;
      this.server = server;
    }

    /** The number of live sockets seen by the first pass that starts after this call. */
    synchronized CompletableFuture<Integer> nextPass() {
      if (stopped.isCompletedExceptionally()) {
        return stopped.thenApply(v -> 0);
      }
      pendingPass = new CompletableFuture<>();
      return pendingPass;
    }

    CompletableFuture<Void> stop() {
      stopping = true;
      return stopped;
    }

    // A millisecond between passes keeps the queries from starving the echo on 2 cores; nothing waits on it.
    Querier startOn(EventLoop loop) {
      loop.execute(() -> {
        if (passOrStop()) {
          loop.setTimeout(() -> startOn(loop), 1);
        }
      });
      return this;
    }

    Querier startOnThread() {
      Thread.ofPlatform().name(name).start(() -> {
        while (passOrStop()) {
          LockSupport.parkNanos(1_000_000);
        }
      });
      return this;
    }

    /** One pass over every socket; false once stopped. */
    private boolean passOrStop() {
      if (stopping) {
        stopped.complete(null);
        return false;
      }
      CompletableFuture<Integer> waiting;
      synchronized (this) {
        waiting = pendingPass;
        pendingPass = null;
      }
      try {
        // A few sockets a pass, round the list, so the queries interleave with the echo instead of
        // holding a loop for long; the pass someone waits for covers every socket.
        List<TlsSocket> all = List.copyOf(sockets);
        int queried = waiting != null ? all.size() : Math.min(SOCKETS_PER_PASS, all.size());
        int live = 0;
        for (int i = 0; i < queried; i++) {
          live += query(all.get((cursor + i) % all.size())) ? 1 : 0;
        }
        cursor = all.isEmpty() ? 0 : (cursor + queried) % all.size();
        server.connections();
        server.getConnections((error, count) -> {
          if (error != null || count < 0 || count > CONNECTIONS) {
            failures.add(name + ": getConnections " + error + ", " + count);
          }
        });
        if (waiting != null) {
          waiting.complete(live);
        }
        return true;
      } catch (Throwable t) {
        failures.add(name + ": " + t);
        synchronized (this) {
          stopped.completeExceptionally(new AssertionError(name + " failed", t));
        }
        if (waiting != null) {
          waiting.completeExceptionally(t);
        }
        return false;
      }
    }

    /** Queries one socket; true when it answered as a live, secure TLSv1.3 connection. */
    private boolean query(TlsSocket socket) {
      String protocol = socket.getProtocol();
      Cipher cipher = socket.getCipher();
      PeerCertificate cert = socket.isServer() ? socket.getCertificate() : socket.getPeerCertificate(true);
      byte[] session = socket.getSession();
      AddressInfo address = socket.address();
      long bytesWritten = ((NetSocket) socket.socket()).bytesWritten();
      Integer remotePort = socket.remotePort();
      Long previous = lastBytesWritten.put(socket, bytesWritten);
      if (previous != null && bytesWritten < previous) {
        failures.add(name + ": bytesWritten went back from " + previous + " to " + bytesWritten);
      }
      if (protocol != null && !protocol.equals("TLSv1.3") && !protocol.equals("unknown")) {
        failures.add(name + ": protocol " + protocol);
      }
      if (cipher != null && !cipher.name().startsWith("TLS_")) {
        failures.add(name + ": cipher " + cipher.name());
      }
      boolean hasCert = cert != null && cert.subject() != null;
      if (hasCert && !"localhost".equals(cert.subject().get("CN"))) {
        failures.add(name + ": certificate of " + cert.subject());
      }
      // -1: NetSocket's "no peer" (not connected yet, or closed)
      if (address != null && address.port() <= 0 || remotePort != null && remotePort <= 0 && remotePort != -1) {
        failures.add(name + ": address " + address + ", remote port " + remotePort);
      }
      boolean live = "TLSv1.3".equals(protocol) && cipher != null && hasCert
          && session != null && session.length > 0 && address != null && remotePort != null && remotePort > 0;
      return live;
    }
  }
}

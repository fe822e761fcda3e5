package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.call;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.net.Net;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NoNativeLeaks;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** TlsSocket's properties and options that Node has on the same objects. */
@ExtendWith(NoNativeLeaks.class)
class TlsSocketPropertiesTest {
  private final LoopPeers peers = new LoopPeers();

  @AfterEach
  void closeServers() {
    peers.close();
  }

  private static ServerOptions serverOptions() {
    return new ServerOptions().key(LoopPeers.PKI.resolve("server.key")).cert(LoopPeers.PKI.resolve("server-chain.pem"));
  }

  private ConnectOptions client(int port) {
    return new ConnectOptions().host("127.0.0.1").port(port).rejectUnauthorized(false);
  }

  /**
   * Node's test-tls-error-servername: setServername(non-string) is ERR_INVALID_ARG_TYPE (Java's
   * String parameter only lets null through of undefined/null/1/true/{}), and a server socket
   * refuses with ERR_TLS_SNI_FROM_SERVER.
   */
  @Test
  void setServernameChecksItsArgumentAndRefusesOnAServer() {
    run(peers.loop(), () -> {
      CrossedDuplex[] pair = CrossedDuplex.pair(peers.loop());
      TlsSocket client = Tls.connect(new ConnectOptions().socket(pair[0]).ca(LoopPeers.PKI.resolve("root-ca.pem"))
          .host("localhost"));
      NodeError nullName = assertThrows(NodeError.class, () -> client.setServername(null));
      assertEquals("ERR_INVALID_ARG_TYPE", nullName.code());
      assertEquals("The \"name\" argument must be of type string. Received null", nullName.getMessage());
      TlsSocketOptions o = new TlsSocketOptions().isServer(true);
      o.key(LoopPeers.PKI.resolve("server.key")).cert(LoopPeers.PKI.resolve("server-chain.pem"));
      TlsSocket server = new TlsSocket(pair[1], o);
      NodeError fromServer = assertThrows(NodeError.class, () -> server.setServername("localhost"));
      assertEquals("ERR_TLS_SNI_FROM_SERVER", fromServer.code());
      assertEquals("Cannot issue SNI from a TLS server-side socket", fromServer.getMessage());
      client.destroy();
      server.destroy();
    });
  }

  @Test
  void aServernameSetBeforeTheHandshakeIsTheOneTheServerSees() {
    CompletableFuture<String> seen = new CompletableFuture<>();
    int port = peers.listen(() -> Tls.createServer(serverOptions().sniCallback((name, cb) -> {
      seen.complete(name);
      cb.accept(null, null);
    }), socket -> socket.end()));
    LoopPeers.Client c = peers.connect(client(port), socket -> socket.setServername("late.example"));
    assertEquals("late.example", await(seen));
    await(c.closed);
  }

  /** Node's test-tls-onread-static-buffer, first cases: one 8-byte buffer lent to every read, no 'data'. */
  @Test
  void onreadDecryptsIntoTheUsersBufferDirectOrHeap() {
    for (ByteBuffer buffer : List.of(ByteBuffer.allocateDirect(8), ByteBuffer.allocate(8))) {
      byte[] message = "hello world".getBytes(StandardCharsets.US_ASCII);
      int port = peers.listen(() -> Tls.createServer(serverOptions(), socket -> socket.end(message)));
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      List<String> events = new CopyOnWriteArrayList<>();
      CompletableFuture<Void> ended = new CompletableFuture<>();
      peers.connect(client(port).onread(TlsOnRead.of(buffer, (nread, buf) -> {
        assertSame(buffer, buf);
        assertEquals(0, buf.position());
        assertEquals(nread, buf.limit());
        byte[] chunk = new byte[nread];
        buf.get(0, chunk);
        received.writeBytes(chunk);
        return true;
      })), socket -> {
        socket.on(Duplex.DATA, chunk -> events.add("data"));
        socket.on(Duplex.END, () -> ended.complete(null));
      });
      await(ended);
      assertArrayEquals(message, received.toByteArray());
      assertEquals(List.of(), events);
    }
  }

  /** Node's test-tls-onread-static-buffer, pool case: a callback gives the buffer of each read. */
  @Test
  void onreadTakesABufferFromTheSupplierForEachRead() {
    byte[] message = new byte[64 * 1024];
    Arrays.fill(message, (byte) 'h');
    int port = peers.listen(() -> Tls.createServer(serverOptions(), socket -> socket.end(message)));
    ByteBuffer[] pool = {ByteBuffer.allocateDirect(2), ByteBuffer.allocateDirect(2), ByteBuffer.allocateDirect(2)};
    int[] next = {0};
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    CompletableFuture<Void> ended = new CompletableFuture<>();
    peers.connect(client(port).onread(new TlsOnRead(() -> pool[next[0]++ % pool.length], (nread, buf) -> {
      byte[] chunk = new byte[nread];
      buf.get(0, chunk);
      received.writeBytes(chunk);
      return true;
    })), socket -> socket.on(Duplex.END, () -> ended.complete(null)));
    await(ended);
    assertArrayEquals(message, received.toByteArray());
  }

  /** With onread, pause() stops the callbacks until resume(), and returning false does the same. */
  @Test
  void onreadStopsWhilePausedAndWhenTheCallbackSaysSo() {
    byte[] message = new byte[256 * 1024];
    Arrays.fill(message, (byte) 'p');
    int port = peers.listen(() -> Tls.createServer(serverOptions(), socket -> socket.end(message)));
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    boolean[] paused = {false};
    int[] reads = {0};
    TlsSocket[] socket = new TlsSocket[1];
    CompletableFuture<Void> ended = new CompletableFuture<>();
    List<String> problems = new CopyOnWriteArrayList<>();
    peers.connect(client(port).onread(TlsOnRead.of(ByteBuffer.allocateDirect(4096), (nread, buf) -> {
      if (paused[0]) {
        problems.add("a read while paused");
      }
      byte[] chunk = new byte[nread];
      buf.get(0, chunk);
      received.writeBytes(chunk);
      reads[0]++;
      paused[0] = true;
      socket[0].loop().setTimeout(() -> {
        paused[0] = false;
        socket[0].resume();
      }, 1);
      if (reads[0] % 2 == 0) {
        socket[0].pause();
        return true;
      }
      return false;
    })), s -> {
      socket[0] = s;
      s.on(Duplex.END, () -> ended.complete(null));
    });
    await(ended);
    assertArrayEquals(message, received.toByteArray());
    assertEquals(List.of(), problems);
  }

  /**
   * node v20, the same program (tls.connect with highWaterMark 1024): initial "opening"; at
   * secureConnect "open", readable and writable true, timeout undefined, both high-water marks
   * 1024; timeout 5000 after setTimeout(5000); after end() "readOnly" and writable false; at
   * 'close' "closed" and readable false.
   */
  @Test
  void highWaterMarkReadyStateReadableWritableAndTimeoutAreNodes() {
    int port = peers.listen(() -> Tls.createServer(serverOptions(), socket -> socket.resume()));
    CompletableFuture<Void> secure = new CompletableFuture<>();
    LoopPeers.Client c = peers.connect(client(port).highWaterMark(1024), socket -> {
      assertEquals("opening", socket.readyState());
      socket.on(TlsSocket.SECURE_CONNECT, () -> secure.complete(null));
      socket.resume();
    });
    await(secure);
    TlsSocket s = c.socket;
    run(peers.loop(), () -> {
      assertEquals(1024, s.readableHighWaterMark());
      assertEquals(1024, s.writableHighWaterMark());
      assertEquals("open", s.readyState());
      assertTrue(s.readable());
      assertTrue(s.writable());
      assertNull(s.timeout());
      s.setTimeout(5000);
      assertEquals(5000L, s.timeout());
      s.setTimeout(0);
      s.end();
      assertFalse(s.writable());
      assertEquals("readOnly", s.readyState());
    });
    await(c.closed);
    assertEquals("closed", call(peers.loop(), s::readyState));
    assertFalse(call(peers.loop(), s::readable));
  }

  /** Node's new tls.TLSSocket() and new tls.TLSSocket(null, options) wrap a new, unconnected net.Socket. */
  @Test
  void aTlsSocketWithoutASocketWrapsANewUnconnectedOne() {
    CompletableFuture<Boolean> closed = new CompletableFuture<>();
    run(peers.loop(), () -> {
      try (TlsSocket bare = new TlsSocket()) {
        assertFalse(bare.isServer());
        assertEquals("opening", bare.readyState()); // node v20: "opening", readable and writable true
        assertTrue(bare.readable());
        assertTrue(bare.writable());
        assertTrue(bare.socket() instanceof dev.jtls.net.NetSocket);
      }
      TlsSocket withOptions = new TlsSocket(null, new TlsSocketOptions().rejectUnauthorized(false));
      withOptions.on(Duplex.CLOSE, closed::complete);
      withOptions.close();
    });
    assertFalse(await(closed));
  }

  /** new TlsSocket's SNICallback option is honoured for a server socket, as the server's is. */
  @Test
  void theSniCallbackOptionOfANewServerSocketIsHonoured() {
    CompletableFuture<String> asked = new CompletableFuture<>();
    CompletableFuture<Void> bothSecure = new CompletableFuture<>();
    run(peers.loop(), () -> {
      CrossedDuplex[] pair = CrossedDuplex.pair(peers.loop());
      TlsSocketOptions o = new TlsSocketOptions().isServer(true).sniCallback((name, cb) -> {
        asked.complete(name);
        cb.accept(null, null);
      });
      o.key(LoopPeers.PKI.resolve("server.key")).cert(LoopPeers.PKI.resolve("server-chain.pem"));
      TlsSocket server = new TlsSocket(pair[1], o);
      TlsSocket client = Tls.connect(new ConnectOptions().socket(pair[0]).servername("sni.example")
          .rejectUnauthorized(false));
      client.on(TlsSocket.SECURE_CONNECT, () -> {
        assertEquals("sni.example", server.servername());
        client.destroy();
        server.destroy();
        bothSecure.complete(null);
      });
    });
    assertEquals("sni.example", await(asked));
    await(bothSecure);
  }

  /** When the SNICallback fails, the socket handed to 'tlsClientError' has the name the client sent. */
  @Test
  void theTlsClientErrorSocketOfAFailedSniCallbackHasTheServername() {
    CompletableFuture<String> servername = new CompletableFuture<>();
    int port = peers.listen(() -> {
      TlsServer server = Tls.createServer(serverOptions().sniCallback(
          (name, cb) -> cb.accept(new NodeError("ERR_TEST", "no context"), null)));
      server.on(TlsServer.TLS_CLIENT_ERROR, e -> servername.complete(e.tlsSocket().servername()));
      return server;
    });
    LoopPeers.Client c = peers.connect(client(port).servername("refused.example"));
    assertEquals("refused.example", await(servername));
    await(c.closed);
  }

  /** Node's "disconnected before secure" ECONNRESET carries the connect call's host, port, path and localAddress. */
  @Test
  void theDisconnectedBeforeSecureErrorHasTheConnectTarget() {
    int port = peers.listen(() -> Net.createServer(socket -> {
      socket.resume(); // unread, the ClientHello would keep 'end' (and so 'close') from coming, as in Node
      socket.end();
    }));
    LoopPeers.Client c = peers.connect(client(port));
    DisconnectedError error = (DisconnectedError) c.failure();
    assertEquals("ECONNRESET", error.code());
    assertEquals("Client network socket disconnected before secure TLS connection was established", error.getMessage());
    assertEquals("127.0.0.1", error.host());
    assertEquals(port, error.port());
    assertNull(error.path());
    assertNull(error.localAddress());
  }
}

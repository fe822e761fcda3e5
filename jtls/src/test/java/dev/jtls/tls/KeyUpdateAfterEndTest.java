package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.internal.openssl.Ssl;
import dev.jtls.net.EventLoop;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NoNativeLeaks;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A TLSv1.3 KeyUpdate (update requested) that reaches a client after it called end(), when the
 * transport's writable side has already ended, must not become ERR_STREAM_WRITE_AFTER_END: the
 * client still reads the server's close_notify and closes cleanly. The server is a bare TlsEngine
 * the test drives, so the KeyUpdate is sent exactly between the client's end() and the server
 * reading close_notify. (OpenSSL 3.0 discards non-alert records once it sent close_notify, so it
 * does not answer here; TlsSocket.flushNet drops what an engine produces after the transport
 * ended for the cases where it does, and this test pins the clean close either way.)
 */
@ExtendWith(NoNativeLeaks.class)
class KeyUpdateAfterEndTest {
  private final EventLoop loop = EventLoop.defaultLoop();

  /** The client's transport: what the client writes waits here until the test feeds it to the server. */
  private static final class Wire extends Duplex {
    final ArrayDeque<byte[]> toServer = new ArrayDeque<>();

    Wire(EventLoop loop) {
      super(loop, true);
    }

    @Override
    protected void _write(byte[] chunk, Consumer<Throwable> done) {
      toServer.add(chunk);
      done.accept(null);
    }

    @Override
    protected void _final(Consumer<Throwable> done) {
      done.accept(null);
    }

    void deliver(byte[] chunk) {
      push(chunk);
    }

    void deliverEnd() {
      pushEnd();
    }
  }

  @Test
  void aKeyUpdateAfterEndIsAnsweredQuietly() {
    List<String> events = new CopyOnWriteArrayList<>();
    CompletableFuture<Boolean> closed = new CompletableFuture<>();
    ServerOptions serverOptions = new ServerOptions().key(LoopPeers.PKI.resolve("server.key"))
        .cert(LoopPeers.PKI.resolve("server-chain.pem"));
    try (SecureContext serverContext = SecureContext.create(serverOptions);
        TlsEngine server = new TlsEngine(serverContext, true, TlsEngine.Policy.NONE);
        Arena arena = Arena.ofShared()) {
      MemorySegment buffer = arena.allocate(64 * 1024);
      run(loop, () -> {
        Wire wire = new Wire(loop);
        TlsSocket client = new TlsSocket(wire, new TlsSocketOptions().rejectUnauthorized(false));
        client.on(TlsSocket.SECURE, () -> events.add("secure"));
        client.on(Duplex.ERROR, e -> events.add("error " + e));
        client.on(Duplex.END, () -> events.add("end"));
        client.on(Duplex.CLOSE, closed::complete);
        client.resume();
        for (int i = 0; i < 10 && server.handshake().kind() != EngineStep.Kind.DONE; i++) {
          pump(wire, server, buffer);
        }
        pump(wire, server, buffer); // the server's last flight
        assertEquals(List.of("secure"), events);

        client.end(); // close_notify waits on the wire; the transport's writable side has ended
        assertTrue(wire.writableEnded());
        assertTrue(Ssl.keyUpdate(server.ssl(), Ssl.SSL_KEY_UPDATE_REQUESTED));
        server.handshake(); // sends the KeyUpdate
        toClient(wire, server, buffer);

        pump(wire, server, buffer); // the server reads close_notify and answers with its own
        assertEquals(TlsEngine.CLOSED, server.read(buffer, (int) buffer.byteSize()));
        server.shutdown();
        toClient(wire, server, buffer);
        wire.deliverEnd();
      });
      assertFalse(await(closed));
      assertEquals(List.of("secure", "end"), events);
    }
  }

  /** Moves what the client wrote to the server, then what the server has for the client back. */
  private static void pump(Wire wire, TlsEngine server, MemorySegment buffer) {
    while (!wire.toServer.isEmpty()) {
      byte[] chunk = wire.toServer.poll();
      MemorySegment.copy(chunk, 0, buffer, ValueLayout.JAVA_BYTE, 0, chunk.length);
      server.feed(buffer, chunk.length);
    }
    toClient(wire, server, buffer);
  }

  private static void toClient(Wire wire, TlsEngine server, MemorySegment buffer) {
    int n;
    while ((n = server.drain(buffer, (int) buffer.byteSize())) > 0) {
      wire.deliver(buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE));
    }
  }
}

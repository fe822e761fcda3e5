package dev.jtls.tls.interop;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.net.LoopTesting;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NoNativeLeaks;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsOnRead;
import dev.jtls.tls.TlsSocket;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An accepted socket reading through {@link TlsSocket#setOnread}, set in 'secureConnection', and
 * echoing each lent buffer back with write(ByteBuffer) (pausing while a write returns false, until
 * 'drain'), as the benchmark's --onread echo server does: every byte comes back, in order, to a
 * jtls client and to foreign ones.
 */
@ExtendWith(NoNativeLeaks.class)
class ServerOnreadInteropTest {
  @TempDir
  Path workDir;

  private final JtlsServers servers = new JtlsServers();
  private final AtomicLong echoed = new AtomicLong();
  private final List<String> serverEvents = new CopyOnWriteArrayList<>();
  private ClientPeer client;

  @AfterEach
  void cleanUp() {
    try (servers) {
      if (client != null) {
        client.close();
      }
    }
  }

  /** One direct buffer lent to every read of every connection, as a loop's would be. */
  private int listenEchoingWithOnread() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(16 * 1024);
    return servers.listen(() -> Tls.createServer(
        new ServerOptions().key(Identity.RSA_SERVER.key()).cert(Identity.RSA_SERVER.chain()), socket -> {
          socket.on(Duplex.DATA, chunk -> serverEvents.add("data"));
          socket.on(Duplex.ERROR, e -> serverEvents.add("error " + e));
          socket.on(Duplex.DRAIN, () -> socket.resume());
          socket.on(Duplex.END, () -> socket.end());
          socket.setOnread(TlsOnRead.of(buffer, (nread, lent) -> {
            echoed.addAndGet(nread);
            return socket.write(lent);
          }));
        }));
  }

  @ParameterizedTest
  @EnumSource(ClientPeer.Kind.class)
  void echoesAMebibyteFromTheLentBuffer(ClientPeer.Kind kind) {
    int port = listenEchoingWithOnread();
    client = kind.start(new ClientSetup().port(port), workDir);
    client.awaitHandshake();
    byte[] data = Payloads.random(1 << 20, 21);
    data[data.length - 1] = '\n'; // the peers report the server's end on a line of their own output, after the echo
    client.send(data);
    client.awaitReceived(data);
    assertEquals(data.length, echoed.get(), "the server read each byte once");
    client.end();
    client.awaitServerEnd();
    assertEquals(List.of(), serverEvents, "no 'data' event, no error");
  }

  @Test
  void echoesAMebibyteToAJtlsClientByteForByte() {
    int port = listenEchoingWithOnread();
    byte[] data = Payloads.random(1 << 20, 22);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    CompletableFuture<byte[]> ended = new CompletableFuture<>();
    CompletableFuture<Boolean> closed = new CompletableFuture<>();
    LoopTesting.run(servers.server().loop(), () -> {
      TlsSocket socket = Tls.connect(new ConnectOptions().host("127.0.0.1").port(port).servername("localhost")
          .ca(Identity.ROOT_CA), () -> {});
      socket.on(Duplex.DATA, received::writeBytes);
      socket.on(Duplex.ERROR, ended::completeExceptionally);
      socket.on(Duplex.END, () -> ended.complete(received.toByteArray()));
      socket.on(Duplex.CLOSE, closed::complete);
      socket.on(TlsSocket.SECURE_CONNECT, () -> {
        socket.write(data);
        socket.end();
      });
    });
    assertArrayEquals(data, await(ended));
    assertEquals(false, await(closed));
    assertEquals(data.length, echoed.get());
    assertEquals(List.of(), serverEvents);
  }
}

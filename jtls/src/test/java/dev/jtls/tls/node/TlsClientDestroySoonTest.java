package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-client-destroy-soon.js: a server ends with 2 MiB and destroys its
 * socket soon after; the client still reads every byte before 'end'.
 *
 * <p>Not expressible as is: Node's undocumented {@code destroySoon()} (jtls has none) is written
 * out as what it does, {@code end()} then {@code destroy()} at 'finish'; the client's paused-mode
 * {@code 'readable'} / {@code read()} loop (jtls's Duplex has no paused-mode read) is a 'data'
 * listener counting the same bytes.
 */
class TlsClientDestroySoonTest {
  @Test
  @Timeout(20)
  void everyByteArrivesBeforeEnd() {
    byte[] big = new byte[2 * 1024 * 1024];
    Arrays.fill(big, (byte) 'Y');
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer[] server = new TlsServer[1];
      server[0] = Tls.createServer(new ServerOptions()
          .key(readKey("agent2-key.pem")).cert(readKey("agent2-cert.pem")).loop(node.loop()), node.mustCall(socket -> {
            socket.end(big);
            if (socket.writableFinished()) {
              socket.destroy();
            } else {
              socket.once(Duplex.FINISH, () -> socket.destroy());
            }
          }));
      server[0].listen(0, node.mustCall(() -> {
        TlsSocket[] client = new TlsSocket[1];
        client[0] = Tls.connect(new ConnectOptions()
            .port(server[0].address().port()).rejectUnauthorized(false).loop(node.loop()), node.mustCall(() -> {
              AtomicLong bytesRead = new AtomicLong();
              client[0].on(Duplex.DATA, d -> bytesRead.addAndGet(d.length));
              client[0].on(Duplex.END, node.mustCall(() -> {
                server[0].close();
                assertEquals(big.length, bytesRead.get());
              }));
            }));
      }));
    });
  }
}

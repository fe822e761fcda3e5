package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-pause.js: a paused client writes 1 MiB chunks to an echo server
 * until write() returns false, then resumes; everything comes back, and no data before the resume.
 */
class TlsPauseTest {
  private static final int BUF_SIZE = 1024 * 1024;

  @Test
  @Timeout(20)
  void pausedClientGetsEverythingAfterResume() {
    AtomicLong sent = new AtomicLong();
    AtomicLong received = new AtomicLong();
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer server = Tls.createServer(new ServerOptions()
          .key(readKey("rsa_private.pem")).cert(readKey("rsa_cert.crt")).loop(node.loop()),
          node.mustCall(socket -> socket.pipe(socket)));
      server.listen(0, node.mustCall(() -> {
        AtomicBoolean resumed = new AtomicBoolean();
        TlsSocket[] client = new TlsSocket[1];
        client[0] = Tls.connect(new ConnectOptions().port(server.address().port()).rejectUnauthorized(false)
            .loop(node.loop()), node.mustCall(() -> {
              client[0].pause();
              new Runnable() {
                @Override
                public void run() {
                  boolean ret = client[0].write(new byte[BUF_SIZE]);
                  if (ret) {
                    sent.addAndGet(BUF_SIZE);
                    assertTrue(sent.get() < 100L * 1024 * 1024);
                    node.loop().nextTick(node.guard(this));
                    return;
                  }
                  sent.addAndGet(BUF_SIZE);
                  resumed.set(true);
                  client[0].resume();
                }
              }.run();
            }));
        client[0].on(Duplex.DATA, node.guard(data -> {
          assertTrue(resumed.get());
          received.addAndGet(data.length);
          if (received.get() >= sent.get()) {
            client[0].end();
            server.close();
          }
        }));
      }));
    });
    assertEquals(sent.get(), received.get());
  }
}

package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.net.EventLoop;
import dev.jtls.net.Timer;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Node's test-tls-ticket-cluster.js: four cluster workers serve sixteen connections of one client
 * that offers, every time, the first session it got; all but the first resume, because Node shares
 * the ticket keys between cluster workers.
 *
 * <p>jtls has no cluster module; what it means is ported twice. Workers as Node's: four servers,
 * each on its own event loop (a worker's thread), made with the same {@code ticketKeys} (what Node's
 * cluster does for its workers), answering the primary through its loop as a worker's
 * {@code process.send} does; the client goes to the workers in turn, as the primary's round-robin
 * hands connections out. And jtls's own counterpart of a cluster, one server over four loops
 * ({@code ServerOptions.loops}), whose loops share its context and so its keys with no option.
 */
class TlsTicketClusterTest {
  private static final int WORKER_COUNT = 4;
  private static final int EXPECTED_REQ_COUNT = 16;

  @Test
  void workersWithSharedTicketKeysResumeEachOthersSessions() {
    byte[] keys = new byte[48];
    new SecureRandom().nextBytes(keys);
    int[] reusedCount = {0};
    int[] reqCount = {0};
    NodeRun.run(getClass().getSimpleName(), node -> {
      List<Integer> ports = new ArrayList<>();
      List<Runnable> dieMessages = new ArrayList<>();
      // The primary's IPC channels to its workers keep it alive until they exited; this timer stands for them.
      Timer channels = node.loop().setInterval(() -> {}, 60_000);
      int[] exited = {0};
      Runnable workerExit = node.mustCall(WORKER_COUNT, () -> {
        if (++exited[0] == WORKER_COUNT) {
          channels.cancel();
        }
      });
      for (int i = 0; i < WORKER_COUNT; i++) {
        EventLoop worker = EventLoop.create("worker-" + i);
        worker.execute(() -> {
          TlsServer server = Tls.createServer(new ServerOptions().key(readKey("rsa_private.pem"))
              .cert(readKey("rsa_cert.crt")).ticketKeys(keys).loop(worker), c -> {
                // the worker's process.send({msg: 'reused' | 'not-reused'})
                boolean reused = c.isSessionReused();
                node.loop().execute(() -> reusedCount[0] += reused ? 1 : 0);
                c.end("x");
              });
          server.listen(0, "127.0.0.1", () -> {
            int port = server.address().port();
            // 'die': the worker closes its server and exits
            Runnable die = () -> worker.execute(() -> server.close(e -> node.loop().execute(workerExit)));
            node.loop().execute(() -> {
              ports.add(port);
              dieMessages.add(die);
              if (ports.size() == WORKER_COUNT) {
                shoot(node, ports, reqCount, () -> dieMessages.forEach(Runnable::run));
              }
            });
          });
        });
      }
    });
    assertEquals(EXPECTED_REQ_COUNT, reqCount[0]);
    assertEquals(reqCount[0], reusedCount[0] + 1);
  }

  @Test
  void oneServerOverFourLoopsResumesOnEveryLoop() {
    Set<String> loops = ConcurrentHashMap.newKeySet();
    int[] reusedCount = {0};
    int[] reqCount = {0};
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer server = Tls.createServer(new ServerOptions().key(readKey("rsa_private.pem"))
          .cert(readKey("rsa_cert.crt")).loop(node.loop()).loops(WORKER_COUNT), c -> {
            loops.add(EventLoop.current().name());
            boolean reused = c.isSessionReused();
            node.loop().execute(() -> reusedCount[0] += reused ? 1 : 0);
            c.end("x");
          });
      server.listen(0, "127.0.0.1", () -> shoot(node, List.of(server.address().port()), reqCount, server::close));
    });
    assertEquals(EXPECTED_REQ_COUNT, reqCount[0]);
    assertEquals(reqCount[0], reusedCount[0] + 1);
    assertTrue(loops.size() > 1, "connections were served on several loops: " + loops);
  }

  /**
   * The primary's shoot(): one connection at a time, each offering the first session, the next one
   * only after 'close' (by then a new session, if any, has arrived); {@code ports} are used in turn.
   */
  private static void shoot(NodeRun node, List<Integer> ports, int[] reqCount, Runnable allDone) {
    byte[][] lastSession = {null};
    Runnable[] shoot = new Runnable[1];
    Consumer<byte[]> firstSession = node.mustCall(session -> {
      assertNull(lastSession[0]);
      lastSession[0] = session;
    });
    shoot[0] = () -> {
      ConnectOptions options = new ConnectOptions().host("127.0.0.1").port(ports.get(reqCount[0] % ports.size()))
          .rejectUnauthorized(false).loop(node.loop());
      if (lastSession[0] != null) {
        options.session(lastSession[0]);
      }
      TlsSocket[] c = new TlsSocket[1];
      c[0] = Tls.connect(options, () -> c[0].end());
      c[0].on(Duplex.CLOSE, hadError -> {
        if (++reqCount[0] == EXPECTED_REQ_COUNT) {
          // let the workers' last 'reused' messages arrive before they are told to die
          node.loop().execute(allDone);
        } else {
          shoot[0].run();
        }
      });
      c[0].once(TlsSocket.SESSION, firstSession);
      c[0].resume();
    };
    shoot[0].run();
  }
}

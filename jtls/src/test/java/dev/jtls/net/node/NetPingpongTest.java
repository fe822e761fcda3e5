package dev.jtls.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetServer;
import dev.jtls.net.NetServerOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node's test/parallel/test-net-pingpong.js: 1001 PING/PONG exchanges over an allowHalfOpen server,
 * checking readable/writable along the way and at the half-close, over a Unix socket, TCP on the
 * default host and TCP on 127.0.0.1 (one test method each; Node runs them at once).
 * {@code server.getConnections(cb)} is {@code connections()} in jtls; Node's {@code socket.timeout
 * = 0} is a plain property assignment with no effect here and is left out.
 */
class NetPingpongTest {
  private static final int N = 1000;

  @TempDir
  Path tmpdir;

  @Test
  @Timeout(30)
  void overAPipe() {
    NodeRun.run(getClass().getSimpleName(), node -> pingPongTest(node, tmpdir.resolve("pingpong.sock").toString(), null));
  }

  @Test
  @Timeout(30)
  void overTcp() {
    NodeRun.run(getClass().getSimpleName(), node -> pingPongTest(node, null, null));
  }

  @Test
  @Timeout(30)
  void overTcpOnLoopback() {
    NodeRun.run(getClass().getSimpleName(), node -> pingPongTest(node, null, "127.0.0.1"));
  }

  private static void pingPongTest(NodeRun node, String pipe, String host) {
    AtomicInteger count = new AtomicInteger();
    AtomicInteger sentPongs = new AtomicInteger();
    AtomicBoolean sentFinalPing = new AtomicBoolean();
    NetServer[] server = new NetServer[1];
    server[0] = Net.createServer(new NetServerOptions().allowHalfOpen(true).loop(node.loop()), node.mustCall(socket -> {
      assertSame(server[0], socket.server());
      assertEquals(1, server[0].connections());
      socket.setNoDelay();
      socket.setEncoding("utf8");
      socket.on(Duplex.DATA_TEXT, node.mustCall(N + 1, data -> {
        long bufferSize = socket.bufferSize();
        assertTrue(bufferSize >= 0 && bufferSize <= 4);
        assertEquals(true, socket.writable());
        assertEquals(true, socket.readable());
        assertTrue(count.get() <= N);
        assertEquals("PING", data);
        socket.write("PONG".getBytes(), node.mustCall(e -> sentPongs.incrementAndGet()));
      }));
      socket.on(Duplex.END, node.mustCall(() -> {
        assertEquals(true, socket.allowHalfOpen());
        assertEquals(true, socket.writable());
        assertEquals(false, socket.readable());
        socket.end();
      }));
      socket.on(Duplex.ERROR, node.mustNotCall("server error"));
      socket.on(Duplex.CLOSE, node.mustCall(hadError -> {
        assertEquals(false, socket.writable());
        assertEquals(false, socket.readable());
        server[0].close();
      }));
    }));
    Runnable onListening = node.mustCall(() -> {
      NetConnectOptions options = pipe != null
          ? new NetConnectOptions().path(pipe)
          : new NetConnectOptions().port(server[0].address().port());
      if (host != null) {
        options.host(host);
      }
      NetSocket client = Net.createConnection(options.loop(node.loop()));
      client.setEncoding("ascii");
      client.on(NetSocket.CONNECT, node.mustCall(() -> {
        assertEquals(true, client.readable());
        assertEquals(true, client.writable());
        client.write("PING");
      }));
      client.on(Duplex.DATA_TEXT, node.mustCall(N + 1, data -> {
        assertEquals("PONG", data);
        count.incrementAndGet();
        if (sentFinalPing.get()) {
          assertEquals(false, client.writable());
          assertEquals(true, client.readable());
          return;
        }
        assertEquals(true, client.writable());
        assertEquals(true, client.readable());
        if (count.get() < N) {
          client.write("PING");
        } else {
          sentFinalPing.set(true);
          client.write("PING");
          client.end();
        }
      }));
      client.on(Duplex.CLOSE, node.mustCall(hadError -> {
        assertEquals(N + 1, count.get());
        assertEquals(N + 1, sentPongs.get());
        assertEquals(true, sentFinalPing.get());
      }));
      client.on(Duplex.ERROR, node.mustNotCall("client error"));
    });
    if (pipe != null) {
      server[0].listen(pipe, onListening);
    } else if (host != null) {
      server[0].listen(0, host, onListening);
    } else {
      server[0].listen(0, onListening);
    }
  }
}

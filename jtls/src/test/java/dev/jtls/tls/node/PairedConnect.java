package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKeyText;

import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.util.function.Supplier;

/**
 * Node's test/fixtures/tls-connect.js: one echo server and one client made from the two option
 * sets, and a callback once both ends have a connection or an error, for assertions on both ends.
 * Options are given as suppliers so an option that throws while being built is reported the way
 * Node reports a throwing createServer/connect.
 */
final class PairedConnect {
  /** Node's {@code keys.agent1.cert}, {@code keys.agent6.*}: agent6 is signed by ca1. */
  static final String AGENT1_CERT = readKeyText("agent1-cert.pem");
  static final String AGENT6_CERT = readKeyText("agent6-cert.pem");
  static final String AGENT6_KEY = readKeyText("agent6-key.pem");
  static final String AGENT6_CA = readKeyText("ca1-cert.pem");

  private PairedConnect() {}

  /** One end: its connection and its error, and on the server side the server. */
  static final class End {
    TlsSocket conn;
    Throwable err;
    TlsServer server;
  }

  record Pair(End server, End client) {}

  @FunctionalInterface
  interface Callback {
    void done(Throwable err, Pair pair, Runnable cleanup);
  }

  static void connect(NodeRun node, Supplier<ServerOptions> serverOptions, Supplier<ConnectOptions> clientOptions,
      Callback callback) {
    Pair pair = new Pair(new End(), new End());
    Runnable cleanup = () -> {
      if (pair.server().server != null) {
        pair.server().server.close();
      }
      if (pair.client().conn != null) {
        pair.client().conn.end();
      }
    };
    boolean[] called = {false};
    Runnable[] maybeCallback = new Runnable[1];
    // Node wraps the callback in common.mustCall: it must be called exactly once
    Runnable counted = node.mustCall(() -> {});
    Callback done = (err, p, c) -> {
      called[0] = true;
      counted.run();
      node.guard(() -> callback.done(err, p, c)).run();
    };
    maybeCallback[0] = () -> {
      if (called[0]) {
        return;
      }
      if (pair.server().conn != null && pair.client().conn != null) {
        Throwable err = pair.client().err != null ? pair.client().err : pair.server().err;
        done.done(err, pair, cleanup);
      }
    };
    TlsServer server;
    try {
      server = Tls.createServer(serverOptions.get().loop(node.loop()), conn -> {
        pair.server().conn = conn;
        conn.pipe(conn);
        maybeCallback[0].run();
      });
    } catch (RuntimeException err) {
      pair.server().err = err;
      done.done(err, pair, () -> {});
      return;
    }
    server.on(TlsServer.TLS_CLIENT_ERROR, e -> {
      pair.server().conn = e.tlsSocket();
      pair.server().err = e.exception();
      maybeCallback[0].run();
    });
    server.listen(0, () -> {
      pair.server().server = server;
      try {
        TlsSocket socket = Tls.connect(clientOptions.get().port(server.address().port()).loop(node.loop()));
        socket.on(TlsSocket.SECURE_CONNECT, () -> {
          pair.client().conn = socket;
          maybeCallback[0].run();
        });
        socket.on(Duplex.ERROR, err -> {
          pair.client().err = err;
          pair.client().conn = socket;
          maybeCallback[0].run();
        });
      } catch (RuntimeException err) {
        pair.client().err = err;
        done.done(err, pair, cleanup);
      }
    });
  }
}

package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;

import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.util.function.Consumer;

/**
 * Node's test/fixtures/tls-connect.js: one TLS server (echoing what it reads) and one client made
 * from option objects, and a callback once both ends have either connected or failed, so a test can
 * look at both ends of the same connection.
 */
final class TlsConnectFixture {
  private TlsConnectFixture() {}

  /** A key, its certificate and the self-signed root of its chain (Node's {@code keys.agentN}). */
  record Identity(byte[] key, byte[] cert, byte[] ca) {}

  static final Identity AGENT1 = load("agent1", "ca1");
  static final Identity AGENT2 = load("agent2", "agent2");
  static final Identity AGENT3 = load("agent3", "ca2");
  static final Identity AGENT6 = load("agent6", "ca1");
  static final Identity AGENT10 = load("agent10", "ca2");
  static final Identity EC10 = load("ec10", "ca5");

  private static Identity load(String cert, String root) {
    return new Identity(readKey(cert + "-key.pem"), readKey(cert + "-cert.pem"), readKey(root + "-cert.pem"));
  }

  /** Both ends: the server, each side's socket, and the error each side saw, if any. */
  static final class Pair {
    TlsServer server;
    TlsSocket serverConn;
    Throwable serverErr;
    TlsSocket clientConn;
    Throwable clientErr;
  }

  /** The fixture's callback: the first error of either side (client first), the pair, and cleanup. */
  interface Callback {
    void done(Throwable err, Pair pair, Runnable cleanup);
  }

  /** Node's {@code connect(options, callback)}; {@code callback} must be called once, as Node's mustCall says. */
  static void connect(NodeRun node, ServerOptions serverOptions, ConnectOptions clientOptions, Callback callback) {
    Pair pair = new Pair();
    Consumer<Object[]> once = node.mustCall(args -> callback.done((Throwable) args[0], pair, (Runnable) args[1]));
    Callback[] pending = {(err, p, c) -> once.accept(new Object[] {err, c})};
    Runnable cleanup = () -> {
      if (pair.server != null) {
        pair.server.close();
      }
      if (pair.clientConn != null) {
        pair.clientConn.end();
      }
    };
    Runnable maybeCallback = () -> {
      if (pending[0] != null && pair.serverConn != null && pair.clientConn != null) {
        Callback cb = pending[0];
        pending[0] = null;
        cb.done(pair.clientErr != null ? pair.clientErr : pair.serverErr, pair, cleanup);
      }
    };
    TlsServer server;
    try {
      server = Tls.createServer(serverOptions.loop(node.loop()), conn -> {
        pair.serverConn = conn;
        conn.pipe(conn);
        maybeCallback.run();
      });
    } catch (RuntimeException e) {
      pair.serverErr = e;
      Callback cb = pending[0];
      pending[0] = null;
      cb.done(e, pair, () -> {});
      return;
    }
    server.on(TlsServer.TLS_CLIENT_ERROR, e -> {
      pair.serverConn = e.tlsSocket();
      pair.serverErr = e.exception();
      maybeCallback.run();
    });
    server.listen(0, () -> {
      pair.server = server;
      try {
        TlsSocket client = Tls.connect(clientOptions.port(server.address().port()).loop(node.loop()));
        client.on(TlsSocket.SECURE_CONNECT, () -> {
          pair.clientConn = client;
          maybeCallback.run();
        });
        client.on(Duplex.ERROR, err -> {
          pair.clientErr = err;
          pair.clientConn = client;
          maybeCallback.run();
        });
      } catch (RuntimeException e) {
        pair.clientErr = e;
        Callback cb = pending[0];
        pending[0] = null;
        cb.done(e, pair, cleanup);
      }
    });
  }
}

package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.OpenSslError;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-alert-handling.js: an echo server keeps serving one client while a
 * second client's TCP socket sends a bad record after its handshake: that server socket gets
 * ERR_SSL_WRONG_VERSION_NUMBER, the second client the server's protocol_version alert, and the first
 * client no error. (Node checks {@code err.function} only before OpenSSL 3.)
 */
class TlsAlertHandlingTest {
  private static final int MAX_ITER = 20;
  private static final byte[] BAD_RECORD = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};

  @Test
  @Timeout(20)
  void badRecordAfterHandshake() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      boolean[] clientClosed = {false};
      boolean[] errorReceived = {false};
      TlsServer[] server = new TlsServer[1];
      Runnable closeIfDone = () -> {
        if (clientClosed[0] && errorReceived[0]) {
          server[0].close();
        }
      };
      Consumer<Throwable> errorHandler = node.mustCall(err -> {
        OpenSslError e = (OpenSslError) err;
        assertEquals("ERR_SSL_WRONG_VERSION_NUMBER", e.code());
        assertEquals("SSL routines", e.library());
        assertEquals("wrong version number", e.reason());
        errorReceived[0] = true;
        closeIfDone.run();
      });
      server[0] = Tls.createServer(new ServerOptions()
          .key(readKey("agent2-key.pem")).cert(readKey("agent2-cert.pem")).loop(node.loop()), node.mustCall(2, s -> {
            s.pipe(s);
            s.on(Duplex.ERROR, errorHandler);
          }));
      server[0].on(TlsServer.TLS_CLIENT_ERROR, node.mustNotCall("tlsClientError"));
      server[0].on(TlsServer.ERROR, node.mustNotCall("server error"));
      server[0].listen(0, node.mustCall(() -> {
        int port = server[0].address().port();
        int[] iter = {0};
        TlsSocket client = Tls.connect(port, null, new ConnectOptions().rejectUnauthorized(false).loop(node.loop()));
        client.on(Duplex.DATA, node.mustCall(MAX_ITER, d -> {
          if (iter[0]++ == 2) {
            sendBadTlsRecord(node, port);
          }
          if (iter[0] < MAX_ITER) {
            client.write("a");
            return;
          }
          client.end();
        }));
        client.write("a".getBytes(), node.mustCall(e -> {}));
        client.on(Duplex.ERROR, node.mustNotCall("client error"));
        client.on(Duplex.CLOSE, node.mustCall(hadError -> {
          clientClosed[0] = true;
          closeIfDone.run();
        }));
      }));
    });
  }

  private static void sendBadTlsRecord(NodeRun node, int port) {
    NetSocket socket = Net.connect(new NetConnectOptions().port(port).host("localhost").loop(node.loop()));
    TlsSocket[] client = new TlsSocket[1];
    client[0] = Tls.connect(new ConnectOptions().socket(socket).rejectUnauthorized(false).loop(node.loop()),
        node.mustCall(() -> {
          client[0].write("x");
          client[0].on(Duplex.DATA, data -> socket.end(BAD_RECORD));
        }));
    client[0].on(Duplex.ERROR, node.mustCall(err -> {
      OpenSslError e = (OpenSslError) err;
      assertEquals("ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION", e.code());
      assertEquals("SSL routines", e.library());
      assertEquals("tlsv1 alert protocol version", e.reason());
    }));
  }
}

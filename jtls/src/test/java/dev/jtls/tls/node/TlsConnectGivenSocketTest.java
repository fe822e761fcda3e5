package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-connect-given-socket.js: TLS over a given net.Socket, whether it is
 * still connecting or already connected, and a TLS socket destroyed before or while its TCP
 * socket connects.
 */
class TlsConnectGivenSocketTest {
  @Test
  @Timeout(20)
  void tlsOverGivenSockets() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer[] server = new TlsServer[1];
      server[0] = Tls.createServer(new ServerOptions()
          .key(readKey("rsa_private.pem")).cert(readKey("rsa_cert.crt")).loop(node.loop()),
          node.mustCall(2, socket -> socket.end("Hello")));
      server[0].listen(0, node.mustCall(() -> {
        int[] waiting = {2};
        int port = server[0].address().port();
        Establish establish = (socket, calls) -> {
          TlsSocket[] client = new TlsSocket[1];
          client[0] = Tls.connect(new ConnectOptions().rejectUnauthorized(false).socket(socket).loop(node.loop()),
              node.mustCall(calls, () -> {
                StringBuilder data = new StringBuilder();
                client[0].on(Duplex.DATA, node.mustCall(chunk -> data.append(new String(chunk, StandardCharsets.UTF_8))));
                client[0].on(Duplex.END, node.mustCall(() -> {
                  assertEquals("Hello", data.toString());
                  if (--waiting[0] == 0) {
                    server[0].close();
                  }
                }));
              }));
          assertTrue(client[0].readable());
          assertTrue(client[0].writable());
          return client[0];
        };

        NetSocket immediateDeath = connect(node, port, null);
        establish.apply(immediateDeath, 0).destroy();

        TlsSocket[] outlivingTls = new TlsSocket[1];
        NetSocket outlivingTcp = connect(node, port, node.mustCall(() -> {
          outlivingTls[0].destroy();
          NetSocket connected = connect(node, port, null);
          connected.once(NetSocket.CONNECT, node.mustCall(() -> establish.apply(connected, 1)));
          NetSocket connecting = connect(node, port, null);
          establish.apply(connecting, 1);
        }));
        outlivingTls[0] = establish.apply(outlivingTcp, 0);
      }));
    });
  }

  interface Establish {
    TlsSocket apply(NetSocket socket, int calls);
  }

  private static NetSocket connect(NodeRun node, int port, Runnable connectListener) {
    NetSocket socket = Net.connect(new NetConnectOptions().port(port).host("localhost").loop(node.loop()));
    if (connectListener != null) {
      socket.once(NetSocket.CONNECT, connectListener);
    }
    return socket;
  }
}

package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.net.Timer;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-hello-parser-failure.js: a megabyte of garbage instead of a
 * ClientHello; the TCP client gets an error and 'close' with hadError. Node's {@code setImmediate}
 * (not in jtls's loop) is a 0 ms timer here: both run after the current I/O.
 */
class TlsHelloParserFailureTest {
  @Test
  @Timeout(20)
  @Tag("node-pending") // jtls: the client sees 'end' and close(false) (the JDK shuts a selector-registered channel's output and closes it later); Node: ECONNRESET, close(hadError=true) (close(2) with unread data resets)
  void garbageHello() {
    byte[] bonkers = new byte[1024 * 1024];
    Arrays.fill(bonkers, (byte) 42);
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer server = Tls.createServer(new ServerOptions()
          .key(readKey("rsa_private.pem")).cert(readKey("rsa_cert.crt")).loop(node.loop()), c -> {});
      server.listen(0, node.mustCall(() -> {
        NetSocket client = Net.connect(new NetConnectOptions().port(server.address().port()).host("localhost")
            .loop(node.loop()));
        client.once(NetSocket.CONNECT, node.mustCall(() -> client.write(bonkers)));
        Timer writeAgain = node.loop().setTimeout(() -> client.write(bonkers), 0);
        client.once(Duplex.ERROR, node.mustCall(err -> {
          writeAgain.cancel();
          client.destroy();
          server.close();
        }));
        client.on(Duplex.CLOSE, node.mustCall(hadError -> assertTrue(hadError)));
      }));
    });
  }
}

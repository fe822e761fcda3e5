package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;

import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Node's test/parallel/test-tls-connect-pipe.js: a TLS server on a Unix-domain socket (common.PIPE) and a client by path. */
class TlsConnectPipeTest {
  @TempDir
  Path tmpdir;

  @Test
  @Timeout(20)
  void connectByPath() {
    String pipe = tmpdir.resolve("test.sock").toString();
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer[] server = new TlsServer[1];
      server[0] = Tls.createServer(new ServerOptions()
          .key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem")).loop(node.loop()),
          node.mustCall(socket -> server[0].close()));
      server[0].listen(pipe, node.mustCall(() -> {
        TlsSocket[] client = new TlsSocket[1];
        client[0] = Tls.connect(pipe, new ConnectOptions().rejectUnauthorized(false).loop(node.loop()),
            node.mustCall(() -> client[0].end()));
      }));
    });
  }
}

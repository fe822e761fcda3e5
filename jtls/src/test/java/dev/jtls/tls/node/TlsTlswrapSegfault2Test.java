package dev.jtls.tls.node;

import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-tlswrap-segfault-2.js: a socket that failed to connect (a path that
 * does not exist) errors and closes, and a 'keylog' listener added after the close is harmless.
 * Node's second half does the same with 'session', which jtls does not have (sessions are not
 * implemented), so it is not ported.
 */
class TlsTlswrapSegfault2Test {
  @Test
  @Timeout(20)
  void listenerAfterAFailedConnect() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsSocket tlsSocketKeyLog = Tls.connect("cause-error", new ConnectOptions().loop(node.loop()), null);
      tlsSocketKeyLog.on(Duplex.ERROR, node.mustCall(e -> {}));
      tlsSocketKeyLog.on(Duplex.CLOSE, node.mustCall(hadError ->
          tlsSocketKeyLog.on(TlsSocket.KEYLOG, node.mustNotCall("keylog"))));
    });
  }
}

package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtls.events.NodeError;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsSocket;
import dev.jtls.tls.TlsSocketOptions;
import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-error-servername.js: setServername() with a name that is not a
 * string throws ERR_INVALID_ARG_TYPE; on a server socket it throws ERR_TLS_SNI_FROM_SERVER.
 *
 * <p>Of Node's non-strings (undefined, null, 1, true, {}) only null can reach a Java
 * {@code setServername(String)}. jtls has no setServername yet, so it is called by reflection and
 * the test fails until it exists. Node leaves both sockets to the garbage collector; jtls frees a
 * socket's SSL when it is destroyed, so both are destroyed at the end.
 */
class TlsErrorServernameTest {
  private static void setServername(TlsSocket socket, String name) {
    try {
      TlsSocket.class.getMethod("setServername", String.class).invoke(socket, name);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new AssertionError(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("TlsSocket has no setServername(String)", e);
    }
  }

  @Test
  @Timeout(20)
  void setServernameErrors() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      Duplex[] pair = NodeRun.duplexPair(node.loop());
      TlsSocket client = Tls.connect(new ConnectOptions().socket(pair[0]).ca(readKey("ca1-cert.pem")).host("agent1")
          .loop(node.loop()));
      TlsSocket server = null;
      try {
        NodeError e = assertThrows(NodeError.class, () -> setServername(client, null));
        assertEquals("ERR_INVALID_ARG_TYPE", e.code());
        assertEquals("The \"name\" argument must be of type string. Received null", e.getMessage());

        server = new TlsSocket(pair[1], new TlsSocketOptions().isServer(true)
            .key(readKey("agent1-key.pem")).cert(readKey("agent1-cert.pem")).ca(readKey("ca1-cert.pem")));
        TlsSocket serverSocket = server;
        e = assertThrows(NodeError.class, () -> setServername(serverSocket, "localhost"));
        assertEquals("ERR_TLS_SNI_FROM_SERVER", e.code());
        assertEquals("Cannot issue SNI from a TLS server-side socket", e.getMessage());
      } finally {
        client.destroy();
        if (server != null) {
          server.destroy();
        }
      }
    });
  }
}

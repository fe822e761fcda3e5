package dev.jtls.net.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.jtls.events.NodeError;
import dev.jtls.net.LookupFunction;
import dev.jtls.net.Net;
import dev.jtls.net.NetConnectOptions;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import dev.jtls.testing.NodeRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-net-connect-immediate-finish.js: end() right after connect(), with a
 * lookup that fails: the lookup's own error is the socket's 'error', undecorated (Node checks it
 * has no port or host property; here, that it is the very error the lookup gave, with its code,
 * syscall, hostname and message). Node's mock error is a plain Error with those properties; a
 * NodeError carrying the code and message stands for it.
 */
class NetConnectImmediateFinishTest {
  private static final String INVALID_HOST = "something.invalid";

  @Test
  @Timeout(20)
  void lookupErrorAfterImmediateEnd() {
    NodeRun.run(getClass().getSimpleName(), node -> {
      NodeError mockError = new NodeError("ENOTFOUND", "getaddrinfo ENOTFOUND " + INVALID_HOST);
      Runnable lookupCalled = node.mustCall();
      LookupFunction errorLookupMock = (hostname, options, cb) -> {
        lookupCalled.run();
        cb.addresses(mockError, null);
      };
      NetSocket client = Net.connect(new NetConnectOptions().host(INVALID_HOST).port(80).lookup(errorLookupMock)
          .loop(node.loop()), node.mustNotCallRunnable("connect"));
      client.once(Duplex.ERROR, node.mustCall(error -> {
        assertSame(mockError, error);
        assertEquals("ENOTFOUND", ((NodeError) error).code());
        assertEquals("getaddrinfo ENOTFOUND something.invalid", error.getMessage());
      }));
      client.end();
    });
  }
}

package dev.jtls.tls.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jtls.events.EventEmitter;
import dev.jtls.stream.Duplex;
import dev.jtls.tls.TlsSocket;
import dev.jtls.tls.TlsSocketOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-wrap-event-emmiter.js: {@code new TLSSocket(new EventEmitter())}
 * throws a TypeError. Java cannot express the call: the constructor takes a Duplex, so the compiler
 * rejects a plain EventEmitter. What is asserted is that guarantee: the only public constructor's
 * transport parameter is Duplex, which an EventEmitter is not.
 */
class TlsWrapEventEmmiterTest {
  @Test
  @Timeout(20)
  void plainEventEmitterIsNotATransport() throws NoSuchMethodException {
    Class<?> transport = TlsSocket.class.getConstructor(Duplex.class, TlsSocketOptions.class).getParameterTypes()[0];
    assertEquals(1, TlsSocket.class.getConstructors().length);
    assertFalse(transport.isAssignableFrom(EventEmitter.class));
  }
}

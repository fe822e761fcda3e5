package dev.jtls.tls.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.EventEmitter;
import dev.jtls.stream.Duplex;
import dev.jtls.tls.TlsSocket;
import dev.jtls.tls.TlsSocketOptions;
import java.lang.reflect.Constructor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-wrap-event-emmiter.js: {@code new TLSSocket(new EventEmitter())}
 * throws a TypeError. Java cannot express the call: the constructor takes a Duplex, so the compiler
 * rejects a plain EventEmitter. What is asserted is that guarantee: no public constructor's first
 * parameter accepts an EventEmitter (the transport is a Duplex; {@code new TLSSocket()} takes none).
 */
class TlsWrapEventEmmiterTest {
  @Test
  @Timeout(20)
  void plainEventEmitterIsNotATransport() throws NoSuchMethodException {
    Class<?> transport = TlsSocket.class.getConstructor(Duplex.class, TlsSocketOptions.class).getParameterTypes()[0];
    assertFalse(transport.isAssignableFrom(EventEmitter.class));
    // the other public constructor is Node's new TLSSocket(), which takes nothing
    for (Constructor<?> constructor : TlsSocket.class.getConstructors()) {
      Class<?>[] parameters = constructor.getParameterTypes();
      assertTrue(parameters.length == 0 || !parameters[0].isAssignableFrom(EventEmitter.class), constructor::toString);
    }
  }
}

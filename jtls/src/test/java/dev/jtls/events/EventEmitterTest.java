package dev.jtls.events;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.net.EventLoop;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventEmitterTest {
  private static final Event<String> MESSAGE = Event.of("message", String.class);
  private static final Event<Void> PING = Event.of("ping");

  private final EventEmitter emitter = new EventEmitter();
  private final List<String> calls = new ArrayList<>();

  @AfterEach
  void restoreUncaughtHandler() {
    EventLoop.setUncaughtErrorHandler(error -> error.printStackTrace());
  }

  @Test
  void listenersRunInRegistrationOrderWithTheValue() {
    emitter.on(MESSAGE, v -> calls.add("first:" + v));
    emitter.on(MESSAGE, v -> calls.add("second:" + v));
    emitter.on(PING, () -> calls.add("ping"));
    assertTrue(emitter.emit(MESSAGE, "hi"));
    assertTrue(emitter.emit(PING));
    assertEquals(List.of("first:hi", "second:hi", "ping"), calls);
  }

  @Test
  void emitWithoutListenersReturnsFalse() {
    assertFalse(emitter.emit(MESSAGE, "nobody"));
  }

  @Test
  void onceListenersRunOnlyOnce() {
    emitter.once(MESSAGE, v -> calls.add("once:" + v));
    emitter.on(MESSAGE, v -> calls.add("on:" + v));
    emitter.emit(MESSAGE, "1");
    emitter.emit(MESSAGE, "2");
    assertEquals(List.of("once:1", "on:1", "on:2"), calls);
    assertEquals(1, emitter.listenerCount(MESSAGE));
  }

  @Test
  void aOnceListenerThatEmitsAgainIsNotCalledTwice() {
    emitter.once(PING, () -> {
      calls.add("ping");
      emitter.emit(PING);
    });
    emitter.emit(PING);
    assertEquals(List.of("ping"), calls);
  }

  @Test
  void offRemovesTheMostRecentRegistrationOfThatListener() {
    Consumer<String> listener = v -> calls.add("l:" + v);
    emitter.on(MESSAGE, listener);
    emitter.on(MESSAGE, v -> calls.add("other:" + v));
    emitter.on(MESSAGE, listener);
    emitter.off(MESSAGE, listener);
    emitter.emit(MESSAGE, "x");
    assertEquals(List.of("l:x", "other:x"), calls);
    assertEquals(2, emitter.listenerCount(MESSAGE));
  }

  @Test
  void offWorksForRunnableListenersAndOnceListeners() {
    Runnable ping = () -> calls.add("ping");
    emitter.on(PING, ping);
    emitter.off(PING, ping);
    Consumer<String> once = v -> calls.add("once");
    emitter.once(MESSAGE, once);
    emitter.off(MESSAGE, once);
    emitter.emit(PING);
    emitter.emit(MESSAGE, "x");
    assertEquals(List.of(), calls);
  }


  @Test
  void oneListenerAddedBothPlainAndOnceKeepsEachRegistrationsKind() {
    Consumer<String> listener = v -> calls.add(v);
    emitter.on(MESSAGE, listener);
    emitter.once(MESSAGE, listener);
    emitter.emit(MESSAGE, "1");
    emitter.emit(MESSAGE, "2");
    assertEquals(List.of("1", "1", "2"), calls);
    emitter.once(MESSAGE, listener);
    emitter.off(MESSAGE, listener);
    emitter.emit(MESSAGE, "3");
    emitter.emit(MESSAGE, "4");
    assertEquals(List.of("1", "1", "2", "3", "4"), calls);
    assertEquals(1, emitter.listenerCount(MESSAGE));
  }
  @Test
  void listenersAddedDuringEmitWaitForTheNextEmit() {
    emitter.on(PING, () -> {
      calls.add("outer");
      emitter.on(PING, () -> calls.add("inner"));
    });
    emitter.emit(PING);
    assertEquals(List.of("outer"), calls);
  }

  @Test
  void removeAllListenersOfOneEventOrOfAll() {
    emitter.on(MESSAGE, v -> calls.add("m"));
    emitter.on(PING, () -> calls.add("p"));
    emitter.removeAllListeners(MESSAGE);
    assertEquals(0, emitter.listenerCount(MESSAGE));
    assertEquals(1, emitter.listenerCount(PING));
    emitter.removeAllListeners();
    assertEquals(0, emitter.listenerCount(PING));
    emitter.emit(MESSAGE, "x");
    emitter.emit(PING);
    assertEquals(List.of(), calls);
  }

  @Test
  void eventsWithTheSameNameAreDistinctKeys() {
    Event<String> other = Event.of("message", String.class);
    emitter.on(MESSAGE, v -> calls.add("mine"));
    emitter.emit(other, "x");
    assertEquals(List.of(), calls);
    assertEquals("message", other.name());
    assertEquals(String.class, other.type());
  }

  @Test
  void errorWithoutListenerIsThrown() {
    IllegalStateException error = new IllegalStateException("boom");
    assertSame(error, assertThrows(IllegalStateException.class, () -> emitter.emit(EventEmitter.ERROR, error)));
  }

  @Test
  void checkedErrorWithoutListenerIsWrappedAsErrUnhandledError() {
    IOException error = new IOException("disk");
    UnhandledErrorException thrown =
        assertThrows(UnhandledErrorException.class, () -> emitter.emit(EventEmitter.ERROR, error));
    assertEquals("ERR_UNHANDLED_ERROR", thrown.code());
    assertSame(error, thrown.getCause());
  }

  @Test
  void errorWithAListenerIsDelivered() {
    List<Throwable> errors = new ArrayList<>();
    emitter.on(EventEmitter.ERROR, errors::add);
    IllegalStateException error = new IllegalStateException("handled");
    assertTrue(emitter.emit(EventEmitter.ERROR, error));
    assertEquals(List.of(error), errors);
  }

  @Test
  void nullListenerIsErrInvalidArgType() {
    NodeError e = assertThrows(NodeError.class, () -> emitter.on(MESSAGE, (Consumer<String>) null));
    assertEquals("ERR_INVALID_ARG_TYPE", e.code());
  }

  @Test
  void listenerExceptionOnALoopReachesTheUncaughtHandler() {
    CompletableFuture<Throwable> uncaught = new CompletableFuture<>();
    EventLoop.setUncaughtErrorHandler(uncaught::complete);
    EventLoop loop = EventLoop.create("emitter-test");
    IllegalStateException failure = new IllegalStateException("listener failed");
    CompletableFuture<String> after = new CompletableFuture<>();
    loop.execute(() -> {
      emitter.on(PING, () -> {
        throw failure;
      });
      emitter.emit(PING);
    });
    loop.execute(() -> after.complete("loop still running"));
    assertSame(failure, await(uncaught));
    assertEquals("loop still running", await(after));
  }

  @Test
  void unhandledErrorEventOnALoopReachesTheUncaughtHandler() {
    CompletableFuture<Throwable> uncaught = new CompletableFuture<>();
    EventLoop.setUncaughtErrorHandler(uncaught::complete);
    EventLoop loop = EventLoop.create("emitter-error-test");
    IllegalStateException failure = new IllegalStateException("nobody listens");
    loop.execute(() -> emitter.emit(EventEmitter.ERROR, failure));
    assertSame(failure, assertInstanceOf(IllegalStateException.class, await(uncaught)));
  }
}

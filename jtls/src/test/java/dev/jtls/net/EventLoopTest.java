package dev.jtls.net;

import static dev.jtls.net.LoopTesting.TIMEOUT_SECONDS;
import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.call;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventLoopTest {
  private final EventLoop loop = EventLoop.create("event-loop-test");
  private final List<String> calls = new CopyOnWriteArrayList<>();

  @AfterEach
  void restoreUncaughtHandler() {
    EventLoop.setUncaughtErrorHandler(error -> error.printStackTrace());
  }

  /** The loop's current thread, starting it if needed. */
  private Thread loopThread() {
    return call(loop, Thread::currentThread);
  }

  private static void awaitEnd(Thread thread) throws InterruptedException {
    thread.join(TIMEOUT_SECONDS * 1000);
    assertFalse(thread.isAlive(), "the loop thread should have ended");
  }

  @Test
  void nextTickRunsBeforeIoTimersAndTasks() throws Exception {
    Pipe pipe = Pipe.open();
    pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
    pipe.source().configureBlocking(false);
    CompletableFuture<Void> done = new CompletableFuture<>();
    run(loop, () -> {
      try {
        loop.register(pipe.source(), SelectionKey.OP_READ, key -> {
          key.cancel();
          calls.add("io");
        });
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
      loop.setTimeout(() -> calls.add("timer"), 1);
      loop.execute(() -> calls.add("task"));
      loop.nextTick(() -> {
        calls.add("tick");
        loop.nextTick(() -> calls.add("tick from tick"));
      });
      loop.setTimeout(() -> done.complete(null), 20);
    });
    await(done);
    assertEquals(List.of("tick", "tick from tick"), calls.subList(0, 2));
    assertTrue(calls.containsAll(List.of("io", "timer", "task")), calls.toString());
    pipe.sink().close();
    pipe.source().close();
  }

  @Test
  void ticksQueuedByACallbackRunBeforeTheNextCallback() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    run(loop, () -> {
      loop.execute(() -> {
        calls.add("task 1");
        loop.nextTick(() -> calls.add("tick of task 1"));
      });
      loop.execute(() -> {
        calls.add("task 2");
        done.complete(null);
      });
    });
    await(done);
    assertEquals(List.of("task 1", "tick of task 1", "task 2"), calls);
  }

  @Test
  void timersFireInDeadlineOrderThenInSchedulingOrder() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    run(loop, () -> {
      loop.setTimeout(() -> calls.add("30"), 30);
      loop.setTimeout(() -> calls.add("10"), 10);
      loop.setTimeout(() -> calls.add("20 first"), 20);
      loop.setTimeout(() -> calls.add("20 second"), 20);
      loop.setTimeout(() -> done.complete(null), 40);
    });
    await(done);
    assertEquals(List.of("10", "20 first", "20 second", "30"), calls);
  }

  @Test
  void refreshPushesTheDeadlineBack() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    run(loop, () -> {
      Timer refreshed = loop.setTimeout(() -> {
        calls.add("refreshed");
        done.complete(null);
      }, 100);
      loop.setTimeout(refreshed::refresh, 80);
      loop.setTimeout(() -> calls.add("130"), 130);
    });
    await(done);
    assertEquals(List.of("130", "refreshed"), calls);
  }

  @Test
  void refreshAfterFiringRunsTheTimerAgain() {
    CompletableFuture<Void> twice = new CompletableFuture<>();
    Timer[] timer = new Timer[1];
    run(loop, () -> timer[0] = loop.setTimeout(() -> {
      calls.add("fired");
      if (calls.size() == 1) {
        timer[0].refresh();
      } else {
        twice.complete(null);
      }
    }, 1));
    await(twice);
    assertEquals(List.of("fired", "fired"), calls);
  }

  @Test
  void cancelledTimerNeverRuns() {
    CompletableFuture<Void> later = new CompletableFuture<>();
    run(loop, () -> {
      Timer cancelled = loop.setTimeout(() -> calls.add("cancelled"), 10);
      cancelled.cancel();
      loop.setTimeout(() -> later.complete(null), 30);
    });
    await(later);
    assertEquals(List.of(), calls);
  }

  @Test
  void intervalRepeatsUntilCancelled() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Timer[] interval = new Timer[1];
    run(loop, () -> interval[0] = loop.setInterval(() -> {
      calls.add("tick");
      if (calls.size() == 3) {
        interval[0].cancel();
        loop.setTimeout(() -> done.complete(null), 30);
      }
    }, 5));
    await(done);
    assertEquals(List.of("tick", "tick", "tick"), calls);
  }

  @Test
  void loopThreadEndsWhenNothingIsReferencedAndRestartsOnNewWork() throws Exception {
    Thread first = loopThread();
    assertEquals("event-loop-test", first.getName());
    awaitEnd(first);
    Thread second = loopThread();
    assertNotSame(first, second);
    assertEquals("event-loop-test", second.getName());
    awaitEnd(second);
  }

  @Test
  void unreferencedTimerDoesNotKeepTheLoopAlive() throws Exception {
    Thread thread = call(loop, () -> {
      Timer timer = loop.setTimeout(() -> calls.add("never"), 600_000).unref();
      assertFalse(timer.hasRef());
      return Thread.currentThread();
    });
    awaitEnd(thread);
    assertEquals(List.of(), calls);
  }

  @Test
  void referencedTimerKeepsTheLoopAliveUntilItFires() throws Exception {
    Thread thread = call(loop, () -> {
      loop.setTimeout(() -> calls.add("fired"), 50);
      return Thread.currentThread();
    });
    awaitEnd(thread);
    assertEquals(List.of("fired"), calls);
  }

  @Test
  void callbackExceptionGoesToTheUncaughtHandlerAndTheLoopGoesOn() {
    List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    EventLoop.setUncaughtErrorHandler(uncaught::add);
    RuntimeException inTask = new RuntimeException("task");
    RuntimeException inTick = new RuntimeException("tick");
    RuntimeException inTimer = new RuntimeException("timer");
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.execute(() -> {
      throw inTask;
    });
    loop.execute(() -> loop.nextTick(() -> {
      throw inTick;
    }));
    loop.execute(() -> loop.setTimeout(() -> {
      throw inTimer;
    }, 1));
    loop.execute(() -> loop.setTimeout(() -> done.complete(null), 10));
    await(done);
    assertEquals(List.of(inTask, inTick, inTimer), uncaught);
  }

  @Test
  void runIsImmediateOnTheLoopAndQueuedElsewhere() {
    List<String> order = call(loop, () -> {
      loop.run(() -> calls.add("run"));
      calls.add("after run");
      return List.copyOf(calls);
    });
    assertEquals(List.of("run", "after run"), order);
  }

  @Test
  void currentAndInLoopKnowTheLoopThread() {
    assertNull(EventLoop.current());
    assertFalse(loop.inLoop());
    assertSame(loop, call(loop, EventLoop::current));
    assertTrue(call(loop, loop::inLoop));
  }

  @Test
  void localStateIsCreatedOnceAndOnlyOnTheLoop() {
    Object key = new Object();
    Object first = call(loop, () -> loop.local(key, Object::new));
    Object second = call(loop, () -> loop.local(key, Object::new));
    assertSame(first, second);
    assertThrows(IllegalStateException.class, () -> loop.local(key, Object::new));
  }

  @Test
  void defaultLoopIsOneLoop() {
    assertSame(EventLoop.defaultLoop(), EventLoop.defaultLoop());
  }
}

package dev.jtls.stream;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.call;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.net.EventLoop;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DuplexTest {
  private final EventLoop loop = EventLoop.create("duplex-test");

  /** Records a stream's events as text, in order. */
  private static List<String> record(Duplex stream) {
    List<String> events = new ArrayList<>();
    stream.on(Duplex.DATA, chunk -> events.add("data:" + new String(chunk, StandardCharsets.UTF_8)));
    stream.on(Duplex.END, () -> events.add("end"));
    stream.on(Duplex.FINISH, () -> events.add("finish"));
    stream.on(Duplex.DRAIN, () -> events.add("drain"));
    stream.on(Duplex.ERROR, e -> events.add("error:" + (e instanceof NodeError n ? n.code() : e.getMessage())));
    stream.on(Duplex.CLOSE, hadError -> events.add("close:" + hadError));
    return events;
  }

  /** Runs {@code action} on the loop, then waits until the loop has run everything it queued. */
  private <T> T settle(java.util.concurrent.Callable<T> action) {
    T result = call(loop, action);
    // a task queued after the action runs after every tick and task the action started
    run(loop, () -> {});
    run(loop, () -> {});
    return result;
  }

  @Test
  void eventsFollowNodesOrderDataEndFinishClose() {
    MemoryDuplex stream = call(loop, () -> new MemoryDuplex(loop, false));
    List<String> events = settle(() -> {
      List<String> e = record(stream);
      stream.feed("a");
      stream.feed("b");
      stream.feedEnd();
      return e;
    });
    assertEquals(List.of("data:a", "data:b", "end", "finish", "close:false"), events);
    assertEquals(List.of("_final", "_destroy"), stream.hooks);
    assertTrue(call(loop, stream::readableEnded));
    assertTrue(call(loop, stream::writableFinished));
    assertTrue(call(loop, stream::closed));
  }

  @Test
  void allowHalfOpenKeepsTheWritableSideOpenAfterEnd() {
    MemoryDuplex stream = call(loop, () -> new MemoryDuplex(loop, true));
    List<String> events = settle(() -> {
      List<String> e = record(stream);
      stream.feed("request");
      stream.feedEnd();
      return e;
    });
    assertEquals(List.of("data:request", "end"), events);
    assertFalse(call(loop, stream::writableEnded));
    settle(() -> {
      stream.write("late reply");
      return stream.end();
    });
    assertEquals("late reply", stream.written());
    assertEquals(List.of("data:request", "end", "finish", "close:false"), events);
  }

  @Test
  void withoutAllowHalfOpenEndEndsTheWritableSide() {
    MemoryDuplex stream = call(loop, () -> new MemoryDuplex(loop, false));
    settle(() -> {
      record(stream);
      stream.feedEnd();
      return null;
    });
    assertTrue(call(loop, stream::writableEnded));
    assertEquals(List.of("_final", "_destroy"), stream.hooks);
  }

  @Test
  void writeReturnsFalseAtTheHighWaterMarkAndDrainFollows() {
    MemoryDuplex stream = call(loop, () -> new MemoryDuplex(loop, true, true, false, 10));
    List<String> events = call(loop, () -> record(stream));
    List<Boolean> results = call(loop, () -> List.of(stream.write("12345"), stream.write("67890"), stream.write("x")));
    assertEquals(List.of(true, false, false), results);
    assertTrue(call(loop, stream::writableNeedDrain));
    assertEquals(11L, call(loop, stream::writableLength));
    settle(() -> {
      stream.completeWrite();
      return null;
    });
    assertEquals(List.of(), events);
    settle(() -> {
      stream.completeWrite();
      stream.completeWrite();
      return null;
    });
    assertEquals(List.of("drain"), events);
    assertEquals(0L, call(loop, stream::writableLength));
    assertFalse(call(loop, stream::writableNeedDrain));
  }

  @Test
  void chunksQueuedDuringAWriteGoToWritevTogether() {
    MemoryDuplex stream = call(loop, () -> new MemoryDuplex(loop, true, true, true, 1024));
    settle(() -> {
      stream.write("a");
      stream.write("b");
      stream.write("c");
      stream.completeWrite();
      return null;
    });
    assertEquals(List.of(List.of("a"), List.of("b", "c")), stream.writeCalls);
  }

  @Test
  void writeCallbacksRunInOrderAfterTheirWrites() {
    MemoryDuplex stream = call(loop, () -> new MemoryDuplex(loop, true, true, true, 1024));
    List<String> done = new ArrayList<>();
    settle(() -> {
      stream.write("a".getBytes(StandardCharsets.UTF_8), e -> done.add("a:" + e));
      stream.write("b".getBytes(StandardCharsets.UTF_8), e -> done.add("b:" + e));
      stream.write("c".getBytes(StandardCharsets.UTF_8), e -> done.add("c:" + e));
      return null;
    });
    assertEquals(List.of(), done);
    settle(() -> {
      stream.completeWrite();
      stream.completeWrite();
      return null;
    });
    assertEquals(List.of("a:null", "b:null", "c:null"), done);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void writeAfterEndFailsWithErrStreamWriteAfterEnd(boolean byteBuffer) {
    MemoryDuplex stream = call(loop, () -> new MemoryDuplex(loop, true));
    CompletableFuture<Throwable> callback = new CompletableFuture<>();
    ByteBuffer late = ByteBuffer.wrap("late".getBytes(StandardCharsets.UTF_8));
    List<String> events = settle(() -> {
      List<String> e = record(stream);
      stream.end();
      assertFalse(byteBuffer ? stream.write(late, callback::complete) : stream.write(late.array(), callback::complete));
      return e;
    });
    assertEquals(byteBuffer, !late.hasRemaining(), "a ByteBuffer is consumed even when its write fails");
    NodeError error = assertInstanceOf(NodeError.class, await(callback));
    assertEquals("ERR_STREAM_WRITE_AFTER_END", error.code());
    assertEquals("write after end", error.getMessage());
    assertTrue(events.contains("error:ERR_STREAM_WRITE_AFTER_END"), events.toString());
    assertEquals("close:true", events.getLast());
    assertEquals("", stream.written());
  }

  @Test
  void destroyWithAnErrorEmitsErrorThenCloseTrue() {
    MemoryDuplex stream = call(loop, () -> new MemoryDuplex(loop, false));
    IllegalStateException cause = new IllegalStateException("broken");
    List<Throwable> errors = new ArrayList<>();
    List<String> events = settle(() -> {
      List<String> e = record(stream);
      stream.on(Duplex.ERROR, errors::add);
      stream.destroy(cause);
      assertTrue(stream.destroyed());
      return e;
    });
    assertEquals(List.of("error:broken", "close:true"), events);
    assertSame(cause, errors.getFirst());
  }

  @Test
  void destroyWithoutErrorEmitsOnlyCloseFalse() {
    MemoryDuplex stream = call(loop, () -> new MemoryDuplex(loop, false));
    List<String> events = settle(() -> {
      List<String> e = record(stream);
      stream.destroy();
      stream.destroy();
      return e;
    });
    assertEquals(List.of("close:false"), events);
  }

  /** Whether written as byte[] or as a ByteBuffer handed on at once ({@code _writeBuffer}). */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aFailedWriteDestroysTheStreamWithItsError(boolean byteBuffer) {
    MemoryDuplex stream = call(loop, () -> new MemoryDuplex(loop, true, true, false, 1024));
    CompletableFuture<Throwable> callback = new CompletableFuture<>();
    List<String> events = settle(() -> {
      List<String> e = record(stream);
      if (byteBuffer) {
        stream.write(ByteBuffer.wrap(new byte[] {'x'}), callback::complete);
      } else {
        stream.write("x".getBytes(StandardCharsets.UTF_8), callback::complete);
      }
      stream.failWrite(new IllegalStateException("EPIPE-like"));
      return e;
    });
    assertEquals("EPIPE-like", await(callback).getMessage());
    assertEquals(List.of("error:EPIPE-like", "close:true"), events);
  }

  @Test
  void pauseBuffersDataAndResumeDeliversIt() {
    MemoryDuplex stream = call(loop, () -> new MemoryDuplex(loop, true));
    List<String> events = settle(() -> {
      List<String> e = record(stream);
      stream.pause();
      assertTrue(stream.isPaused());
      stream.feed("one");
      stream.feed("two");
      return e;
    });
    assertEquals(List.of(), events);
    assertEquals(6L, call(loop, stream::readableLength));
    settle(() -> stream.resume());
    assertFalse(call(loop, stream::isPaused));
    assertEquals(List.of("data:one", "data:two"), events);
    assertEquals(0L, call(loop, stream::readableLength));
  }

  @Test
  void pushReturnsFalseAtTheReadableHighWaterMarkAndReadIsAskedAfterResume() {
    MemoryDuplex stream = call(loop, () -> new MemoryDuplex(loop, true, false, false, 8));
    List<Boolean> pushes = settle(() -> {
      stream.pause();
      return List.of(stream.feed("1234"), stream.feed("5678"));
    });
    assertEquals(List.of(true, false), pushes);
    int readsBefore = call(loop, () -> stream.readCalls);
    settle(() -> {
      stream.on(Duplex.DATA, chunk -> {});
      return stream.resume();
    });
    assertTrue(call(loop, () -> stream.readCalls) > readsBefore);
  }

  @Test
  void endIsEmittedOnlyOnceBufferedDataWasRead() {
    MemoryDuplex stream = call(loop, () -> new MemoryDuplex(loop, true));
    List<String> events = settle(() -> {
      List<String> e = record(stream);
      stream.pause();
      stream.feed("last words");
      stream.feedEnd();
      return e;
    });
    assertEquals(List.of(), events);
    settle(stream::resume);
    assertEquals(List.of("data:last words", "end"), events);
  }

  @Test
  void setEncodingJoinsAUtf8CharacterSplitAcrossChunks() {
    MemoryDuplex stream = call(loop, () -> new MemoryDuplex(loop, true));
    List<String> texts = new ArrayList<>();
    byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
    settle(() -> {
      stream.setEncoding("utf8");
      stream.on(Duplex.DATA_TEXT, texts::add);
      stream.feed(new byte[] {'a', euro[0]});
      stream.feed(new byte[] {euro[1]});
      stream.feed(new byte[] {euro[2], 'b'});
      return null;
    });
    assertEquals(List.of("a", "€b"), texts);
  }

  @Test
  void unknownEncodingIsRejected() {
    MemoryDuplex stream = call(loop, () -> new MemoryDuplex(loop, true));
    NodeError e = assertThrows(NodeError.class, () -> stream.setEncoding("klingon"));
    assertEquals("ERR_UNKNOWN_ENCODING", e.code());
  }

  @Test
  void writeByteBufferCopiesSoTheCallerMayReuseIt() {
    MemoryDuplex stream = call(loop, () -> new MemoryDuplex(loop, true, true, false, 1024));
    settle(() -> {
      ByteBuffer buffer = ByteBuffer.wrap("first".getBytes(StandardCharsets.UTF_8));
      stream.write(buffer);
      buffer.clear();
      buffer.put("XXXXX".getBytes(StandardCharsets.UTF_8));
      stream.completeWrite();
      return null;
    });
    assertEquals("first", stream.written());
  }

  private static ByteBuffer buffer(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  /** One accounting for both kinds of write: writableLength, false at the mark, one 'drain', callbacks in order. */
  @Test
  void byteBufferAndByteArrayWritesShareOneWriteQueue() {
    MemoryDuplex stream = call(loop, () -> new MemoryDuplex(loop, true, true, false, 10));
    List<String> events = call(loop, () -> record(stream));
    List<Object> results = call(loop, () -> {
      List<Object> r = new ArrayList<>();
      r.add(stream.write(buffer("1234"), e -> events.add("cb1:" + e)));
      r.add(stream.write("5678".getBytes(StandardCharsets.UTF_8), e -> events.add("cb2:" + e)));
      r.add(stream.write(buffer("90"), e -> events.add("cb3:" + e)));
      r.add(stream.writableLength());
      r.add(stream.writableNeedDrain());
      return r;
    });
    assertEquals(List.of(true, true, false, 10L, true), results);
    // only the first, written while nothing was queued, went to the hook; the others were queued behind it
    assertEquals(List.of("_writeBuffer"), stream.hooks);
    settle(() -> {
      stream.completeWrite();
      stream.completeWrite();
      return null;
    });
    assertEquals(List.of("cb1:null", "cb2:null"), events);
    settle(() -> {
      stream.completeWrite();
      return null;
    });
    assertEquals(List.of("cb1:null", "cb2:null", "drain", "cb3:null"), events); // node v20's order
    assertEquals("1234567890", stream.written());
    assertEquals(0L, call(loop, stream::writableLength));
  }

  /** A hook that completes at once still runs the callback later; 'drain' after a false return comes first, as in Node. */
  @Test
  void aByteBufferWriteCompletedAtOnceCallsBackAsynchronouslyThenDrains() {
    MemoryDuplex stream = call(loop, () -> new MemoryDuplex(loop, true, false, false, 4));
    List<String> events = new ArrayList<>();
    settle(() -> {
      stream.on(Duplex.DRAIN, () -> events.add("drain"));
      events.add("returned " + stream.write(buffer("abcd"), e -> events.add("callback " + e)));
      events.add("length " + stream.writableLength());
      return null;
    });
    assertEquals(List.of("returned false", "length 0", "drain", "callback null"), events);
    assertEquals("abcd", stream.written());
  }

  /** Writes that all complete at once: one 'drain' on the first later tick, then every callback, as Node's afterWrite. */
  @Test
  void drainPrecedesTheCallbacksOfWritesThatCompletedAtOnce() {
    MemoryDuplex stream = call(loop, () -> new MemoryDuplex(loop, true, false, false, 10));
    List<String> events = new ArrayList<>();
    settle(() -> {
      stream.on(Duplex.DRAIN, () -> events.add("drain"));
      events.add("1 " + stream.write(buffer("abc"), e -> events.add("callback 1")));
      events.add("2 " + stream.write("def".getBytes(StandardCharsets.UTF_8), e -> events.add("callback 2")));
      events.add("3 " + stream.write(buffer("0123456789"), e -> events.add("callback 3")));
      return null;
    });
    assertEquals(List.of("1 true", "2 true", "3 false", "drain", "callback 1", "callback 2", "callback 3"), events);
  }

  @Test
  void byteBufferWriteAfterDestroyFailsThroughTheCallbackOnly() {
    MemoryDuplex stream = call(loop, () -> new MemoryDuplex(loop, true));
    CompletableFuture<Throwable> callback = new CompletableFuture<>();
    List<String> events = settle(() -> {
      List<String> e = record(stream);
      stream.destroy();
      assertFalse(stream.write(buffer("late"), callback::complete));
      return e;
    });
    assertEquals("ERR_STREAM_DESTROYED", assertInstanceOf(NodeError.class, await(callback)).code());
    assertEquals(List.of("close:false"), events);
  }

  @Test
  void pipeRespectsTheDestinationsBackpressure() {
    MemoryDuplex source = call(loop, () -> new MemoryDuplex(loop, true));
    MemoryDuplex sink = call(loop, () -> new MemoryDuplex(loop, true, true, false, 4));
    settle(() -> {
      source.pipe(sink);
      source.feed("abcd");
      source.feed("efgh");
      return null;
    });
    // the first chunk reached the sink's high-water mark: the source stopped flowing
    assertTrue(call(loop, source::isPaused));
    assertEquals(4L, call(loop, source::readableLength));
    assertEquals("abcd", sink.written());
    settle(() -> {
      sink.completeWrite();
      return null;
    });
    assertEquals("abcdefgh", sink.written());
    settle(() -> {
      sink.completeWrite();
      source.feedEnd();
      return null;
    });
    assertTrue(call(loop, sink::writableFinished));
  }
}

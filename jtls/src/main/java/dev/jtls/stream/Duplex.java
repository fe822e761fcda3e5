package dev.jtls.stream;

import dev.jtls.events.Event;
import dev.jtls.events.EventEmitter;
import dev.jtls.events.NodeError;
import dev.jtls.net.EventLoop;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Node's {@code stream.Duplex}: a readable and a writable byte stream with Node's event order,
 * backpressure and half-close rules. TLS runs over any Duplex; NetSocket and TlsSocket are
 * Duplexes themselves. Users may extend it to carry TLS over their own transport.
 *
 * <p>Subclasses implement the Node-style hooks: {@link #_write} (and optionally {@link #_writev}),
 * {@link #_final}, {@link #_destroy} and {@link #_read}; they feed the readable side with
 * {@link #push} and {@link #pushEnd}. Everything runs on the stream's event loop; public methods
 * called from another thread hop onto it.
 */
public abstract class Duplex extends EventEmitter {
  /** {@code 'data'} with the raw bytes of each chunk. */
  public static final Event<byte[]> DATA = Event.of("data", byte[].class);
  /** {@code 'data'} as text, emitted (besides {@link #DATA}) once {@link #setEncoding} was called. */
  public static final Event<String> DATA_TEXT = Event.of("data", String.class);
  /** {@code 'end'}: the other side will send no more data. */
  public static final Event<Void> END = Event.of("end");
  /** {@code 'finish'}: {@link #end()} was called and every write has been handed on. */
  public static final Event<Void> FINISH = Event.of("finish");
  /** {@code 'close'}: the stream and its resources are gone; the value is {@code hadError}. */
  public static final Event<Boolean> CLOSE = Event.of("close", Boolean.class);
  /** {@code 'drain'}: writing may resume after {@link #write} returned false. */
  public static final Event<Void> DRAIN = Event.of("drain");

  public static final int DEFAULT_HIGH_WATER_MARK = 16 * 1024;

  private final EventLoop loop;
  private final int readableHighWaterMark;
  private final int writableHighWaterMark;
  private boolean allowHalfOpen;

  // readable side
  // Both queues start at the smallest size: they stay empty on most connections most of the time (an idle
  // connection holds four), and a busy one grows them once.
  private final ArrayDeque<byte[]> readBuffer = new ArrayDeque<>(1);
  private long readBuffered;
  private Boolean flowing;
  private boolean flowScheduled;
  private boolean readEnded;
  private boolean endScheduled;
  private boolean endEmitted;
  private StringDecoder decoder;

  // writable side
  /** A write and its callback; the chunk is null for a buffer handed on at once ({@link #_writeBuffer}). */
  private record PendingWrite(byte[] chunk, Consumer<Throwable> callback) {}

  private final ArrayDeque<PendingWrite> writeQueue = new ArrayDeque<>(1);
  private long writableLength;
  private boolean writing;
  private boolean needDrain;
  private boolean ending;
  private boolean finalCalled;
  private boolean finished;
  private boolean finishEmitted;

  private boolean destroyed;
  private boolean closed;

  protected Duplex(EventLoop loop, boolean allowHalfOpen, int readableHighWaterMark, int writableHighWaterMark) {
    this.loop = Objects.requireNonNull(loop, "loop");
    this.allowHalfOpen = allowHalfOpen;
    this.readableHighWaterMark = readableHighWaterMark;
    this.writableHighWaterMark = writableHighWaterMark;
  }

  protected Duplex(EventLoop loop, boolean allowHalfOpen) {
    this(loop, allowHalfOpen, DEFAULT_HIGH_WATER_MARK, DEFAULT_HIGH_WATER_MARK);
  }

  /** The loop every event of this stream runs on. */
  public final EventLoop loop() {
    return loop;
  }

  // ---------------------------------------------------------------- hooks for implementations

  /**
   * Hands one chunk to the underlying resource; call {@code done} (with null or an error) when it
   * may be reused, synchronously or later. Only one {@code _write}/{@code _writev} runs at a time.
   */
  protected abstract void _write(byte[] chunk, Consumer<Throwable> done);

  /**
   * Hands several queued chunks over at once. Only called when {@link #hasWritev()} is true; the
   * default writes them one after another.
   */
  protected void _writev(List<byte[]> chunks, Consumer<Throwable> done) {
    throw new IllegalStateException("_writev called on a stream without writev");
  }

  /**
   * Hands the remaining bytes of a caller's buffer to the underlying resource without queueing
   * them; called only when no other write is queued or in progress. It must consume the buffer
   * before it returns (taking the bytes, or copying those it keeps), since the caller may then
   * reuse it, and call {@code done} as {@link #_write} does. The default copies the bytes into
   * {@link #_write}; a stream that can take memory in place overrides it.
   */
  protected void _writeBuffer(ByteBuffer buffer, Consumer<Throwable> done) {
    _write(copyOf(buffer), done);
  }

  /** Whether {@link #_writev} should receive queued chunks in batches. */
  protected boolean hasWritev() {
    return false;
  }

  /** Called once after {@link #end()} when every write is done: shut the writable side. */
  protected abstract void _final(Consumer<Throwable> done);

  /** Releases resources; {@code done} receives the error to emit, if any. */
  protected void _destroy(Throwable error, Consumer<Throwable> done) {
    done.accept(error);
  }

  /** The consumer wants data again after {@link #push} returned false or the stream was paused. */
  protected void _read() {}

  /**
   * Adds received bytes to the readable side. Returns false when the reader is behind (the buffer
   * is at its high-water mark): stop reading until {@link #_read()} is called.
   */
  protected final boolean push(byte[] chunk) {
    if (destroyed || readEnded) {
      return false;
    }
    if (chunk.length == 0) {
      return true;
    }
    if (Boolean.TRUE.equals(flowing) && readBuffer.isEmpty()) {
      emitChunk(chunk);
    } else {
      readBuffer.add(chunk);
      readBuffered += chunk.length;
      if (Boolean.TRUE.equals(flowing)) {
        flow();
      }
    }
    return !destroyed && readBuffered < readableHighWaterMark;
  }

  /** Marks the end of the readable side (the peer sent EOF); 'end' follows the buffered data. */
  protected final void pushEnd() {
    if (readEnded || destroyed) {
      return;
    }
    readEnded = true;
    if (readBuffer.isEmpty() && Boolean.TRUE.equals(flowing)) {
      scheduleEnd();
    }
  }

  /**
   * Node's {@code push(null)} followed by {@code read(0)}, as sockets do at EOF: with nothing
   * buffered, 'end' follows even when nobody reads (paused mode, no 'data' listener), so a socket
   * still sees its peer close; with data buffered, 'end' waits for it to be read.
   */
  protected final void pushEndAndRead() {
    pushEnd();
    if (readEnded && readBuffer.isEmpty() && !destroyed) {
      scheduleEnd();
    }
  }

  // ---------------------------------------------------------------- readable side

  /**
   * Node's {@code readable.read()} in paused mode, on the stream's loop: takes everything
   * buffered (emitted as one 'data' chunk too, as Node does), or null when nothing is. Once the
   * buffer is empty after EOF, 'end' follows; otherwise the stream is asked for more.
   */
  public byte[] read() {
    if (!loop.inLoop()) {
      throw new IllegalStateException("read() must be called on the stream's loop");
    }
    byte[] chunk = null;
    if (!readBuffer.isEmpty()) {
      chunk = readBuffer.size() == 1 ? readBuffer.poll() : concatBuffered();
      readBuffer.clear();
      readBuffered = 0;
    }
    if (destroyed) {
      return chunk;
    }
    if (chunk != null) {
      emitChunk(chunk);
    }
    if (readEnded) {
      scheduleEnd();
    } else {
      _read();
    }
    return chunk;
  }

  private byte[] concatBuffered() {
    byte[] all = new byte[(int) readBuffered];
    int at = 0;
    for (byte[] b : readBuffer) {
      System.arraycopy(b, 0, all, at, b.length);
      at += b.length;
    }
    return all;
  }

  /** Node's {@code setEncoding}: 'data' chunks are also decoded to text ({@link #DATA_TEXT}). */
  public Duplex setEncoding(String encoding) {
    StringDecoder d = StringDecoder.forEncoding(encoding);
    onLoop(() -> decoder = d);
    return this;
  }

  /** Stops emitting 'data' (Node's paused mode); data is buffered up to the high-water mark. */
  public Duplex pause() {
    onLoop(() -> {
      if (!Boolean.FALSE.equals(flowing)) {
        flowing = false;
      }
    });
    return this;
  }

  /** Resumes emitting 'data'. */
  public Duplex resume() {
    onLoop(() -> {
      if (destroyed) {
        return;
      }
      flowing = true;
      scheduleFlow();
    });
    return this;
  }

  /** Whether the stream was explicitly paused. */
  public boolean isPaused() {
    return Boolean.FALSE.equals(flowing);
  }

  /** Pipes everything read from this stream into {@code destination}, with backpressure. */
  public <D extends Duplex> D pipe(D destination) {
    Objects.requireNonNull(destination, "destination");
    onLoop(() -> {
      on(DATA, chunk -> {
        if (!destination.write(chunk)) {
          pause();
        }
      });
      destination.on(DRAIN, this::resume);
      on(END, () -> destination.end());
    });
    return destination;
  }

  @Override
  protected void listenerAdded(Event<?> event) {
    if ((event == DATA || event == DATA_TEXT) && !Boolean.FALSE.equals(flowing)) {
      resume();
    }
  }

  /** Node's {@code readable}: data may still be read (not destroyed, 'end' not emitted). */
  public boolean readable() {
    return !destroyed && !endEmitted;
  }

  /** Node's {@code writable}: data may still be written (not destroyed, end() not called). */
  public boolean writable() {
    return !destroyed && !ending;
  }

  /** Whether 'end' has been emitted. */
  public boolean readableEnded() {
    return endEmitted;
  }

  /** Bytes buffered on the readable side. */
  public long readableLength() {
    return readBuffered;
  }

  public int readableHighWaterMark() {
    return readableHighWaterMark;
  }

  /** Whether the writable side stays open after the readable side ended. */
  public boolean allowHalfOpen() {
    return allowHalfOpen;
  }

  /**
   * Node's writable {@code allowHalfOpen} property: whether the writable side stays open after the
   * readable side ended. A layer that manages a transport's shutdown itself (TLS) sets it to true.
   */
  public Duplex allowHalfOpen(boolean value) {
    onLoop(() -> this.allowHalfOpen = value);
    return this;
  }

  private void scheduleFlow() {
    if (!flowScheduled) {
      flowScheduled = true;
      loop.nextTick(() -> {
        flowScheduled = false;
        flow();
      });
    }
  }

  private void flow() {
    while (Boolean.TRUE.equals(flowing) && !readBuffer.isEmpty() && !destroyed) {
      byte[] chunk = readBuffer.poll();
      readBuffered -= chunk.length;
      emitChunk(chunk);
    }
    if (!Boolean.TRUE.equals(flowing) || destroyed) {
      return;
    }
    if (readBuffer.isEmpty() && readEnded) {
      scheduleEnd();
    } else if (readBuffer.isEmpty()) {
      _read();
    }
  }

  private void emitChunk(byte[] chunk) {
    emit(DATA, chunk);
    StringDecoder d = decoder;
    if (d != null) {
      String text = d.write(chunk);
      if (!text.isEmpty()) {
        emit(DATA_TEXT, text);
      }
    }
  }

  private void scheduleEnd() {
    if (endScheduled) {
      return;
    }
    endScheduled = true;
    loop.nextTick(() -> {
      if (destroyed) {
        return;
      }
      endEmitted = true;
      emit(END);
      if (!allowHalfOpen) {
        end();
      }
      maybeAutoDestroy();
    });
  }

  // ---------------------------------------------------------------- writable side

  /** Writes {@code chunk}; returns false once the buffered bytes reach the high-water mark. */
  public boolean write(byte[] chunk) {
    return write(chunk, null);
  }

  /** Writes UTF-8 text. */
  public boolean write(String text) {
    return write(text.getBytes(StandardCharsets.UTF_8), null);
  }

  /** Writes text in one of Node's encodings ({@code utf8}, {@code latin1}, {@code hex}, ...). */
  public boolean write(String text, String encoding) {
    return write(StringDecoder.encode(text, encoding), null);
  }

  /** {@link #write(ByteBuffer, Consumer)} without a callback. */
  public boolean write(ByteBuffer buffer) {
    return write(buffer, null);
  }

  /**
   * Writes the remaining bytes of {@code buffer}, which it consumes: the caller may reuse the
   * buffer once this returns. When nothing else is queued or being written they go to
   * {@link #_writeBuffer} at once (a stream may take them without a copy); otherwise they are
   * copied and queued behind the earlier writes. Return value, callback, 'drain' and errors are
   * those of {@link #write(byte[], Consumer)}: it is the same write.
   */
  public boolean write(ByteBuffer buffer, Consumer<Throwable> callback) {
    if (!loop.inLoop() || writing || !writeQueue.isEmpty() || ending || destroyed) {
      return write(copyOf(buffer), callback);
    }
    int length = buffer.remaining();
    boolean ok = count(length);
    WriteCompletion done = beginWrite(length, callback == null ? List.of() : List.of(new PendingWrite(null, callback)));
    _writeBuffer(buffer, done);
    done.returned();
    if (!writing) {
      startWrites();
    }
    return ok;
  }

  private static byte[] copyOf(ByteBuffer buffer) {
    byte[] copy = new byte[buffer.remaining()];
    buffer.get(copy);
    return copy;
  }

  /**
   * Writes {@code chunk} and calls {@code callback} (with null, or the error) once it has been
   * handed on. From another thread the write hops onto the loop and this returns true.
   */
  public boolean write(byte[] chunk, Consumer<Throwable> callback) {
    if (chunk == null) {
      throw NodeError.invalidArgType("chunk", "of type string or an instance of Buffer or Uint8Array", null);
    }
    if (!loop.inLoop()) {
      loop.execute(() -> write(chunk, callback));
      return true;
    }
    if (ending) {
      failWrite(new NodeError("ERR_STREAM_WRITE_AFTER_END", "write after end"), callback, true);
      return false;
    }
    if (destroyed) {
      failWrite(new NodeError("ERR_STREAM_DESTROYED", "Cannot call write after a stream was destroyed"), callback, false);
      return false;
    }
    boolean ok = count(chunk.length);
    writeQueue.add(new PendingWrite(chunk, callback));
    if (!writing) {
      startWrites();
    }
    return ok;
  }

  /** Counts a write's bytes in writableLength; false (and 'drain' owed) once they reach the high-water mark. */
  private boolean count(long bytes) {
    writableLength += bytes;
    boolean ok = writableLength < writableHighWaterMark;
    if (!ok) {
      needDrain = true;
    }
    return ok;
  }

  /** Ends the writable side once queued writes are done; 'finish' follows. */
  public Duplex end() {
    return end((Runnable) null);
  }

  /** Writes {@code chunk}, then ends. */
  public Duplex end(byte[] chunk) {
    write(chunk);
    return end();
  }

  /** Writes UTF-8 {@code text}, then ends. */
  public Duplex end(String text) {
    write(text);
    return end();
  }

  /** Ends, calling {@code callback} on 'finish'. */
  public Duplex end(Runnable callback) {
    onLoop(() -> {
      if (callback != null) {
        if (finished) {
          loop.nextTick(callback);
        } else {
          once(FINISH, callback);
        }
      }
      if (ending || destroyed) {
        return;
      }
      ending = true;
      if (!writing && writeQueue.isEmpty()) {
        callFinal();
      }
    });
    return this;
  }

  /** Whether {@link #end()} has been called. */
  public boolean writableEnded() {
    return ending;
  }

  /** Whether 'finish' has been emitted. */
  public boolean writableFinished() {
    return finished;
  }

  /** Bytes written but not yet handed on. */
  public long writableLength() {
    return writableLength;
  }

  public int writableHighWaterMark() {
    return writableHighWaterMark;
  }

  /** Whether {@link #write} returned false and 'drain' has not been emitted since. */
  public boolean writableNeedDrain() {
    return needDrain;
  }

  private void startWrites() {
    writeQueued();
    if (!writing && writeQueue.isEmpty() && ending && !finalCalled && !destroyed) {
      callFinal();
    }
  }

  /** Hands the queued writes on, one write or writev at a time, while each completes at once. */
  private void writeQueued() {
    while (!writing && !writeQueue.isEmpty() && !destroyed) {
      if (hasWritev() && writeQueue.size() > 1) {
        List<PendingWrite> batch = new ArrayList<>(writeQueue);
        writeQueue.clear();
        List<byte[]> chunks = new ArrayList<>(batch.size());
        long bytes = 0;
        for (PendingWrite w : batch) {
          chunks.add(w.chunk);
          bytes += w.chunk.length;
        }
        WriteCompletion done = beginWrite(bytes, batch);
        _writev(chunks, done);
        done.returned();
      } else {
        PendingWrite w = writeQueue.poll();
        WriteCompletion done = beginWrite(w.chunk.length, List.of(w));
        _write(w.chunk, done);
        done.returned();
      }
    }
  }

  private WriteCompletion beginWrite(long bytes, List<PendingWrite> writes) {
    writing = true;
    return new WriteCompletion(bytes, writes);
  }

  /**
   * The {@code done} of one {@link #_write}, {@link #_writev} or {@link #_writeBuffer}: a
   * synchronous completion is finished by the caller's loop, an asynchronous one restarts the queue.
   */
  private final class WriteCompletion implements Consumer<Throwable> {
    private final long bytes;
    private final List<PendingWrite> writes;
    private boolean returned;
    private boolean completed;

    WriteCompletion(long bytes, List<PendingWrite> writes) {
      this.bytes = bytes;
      this.writes = writes;
    }

    /** The hook returned: a completion from now on is asynchronous. */
    void returned() {
      returned = true;
    }

    @Override
    public void accept(Throwable error) {
      if (completed) {
        return;
      }
      completed = true;
      writing = false;
      writableLength -= bytes;
      if (error != null) {
        for (PendingWrite w : writes) {
          if (w.callback != null) {
            loop.nextTick(() -> w.callback.accept(error));
          }
        }
        destroy(error);
        return;
      }
      if (!returned) {
        // callbacks run asynchronously, as in Node; with none to run and no 'drain' owed the tick would do nothing
        if (needDrain || hasCallback(writes)) {
          loop.nextTick(() -> afterWrite(writes));
        }
      } else {
        // as Node's onwrite: the queued writes go on before this write's callbacks run (a
        // callback that destroys the stream does not lose them), and 'finish' waits for both
        writeQueued();
        afterWrite(writes);
        startWrites();
      }
    }
  }

  private static boolean hasCallback(List<PendingWrite> writes) {
    for (PendingWrite w : writes) {
      if (w.callback != null) {
        return true;
      }
    }
    return false;
  }

  /** As Node's afterWrite: 'drain' (when owed and nothing is left) comes before this write's callbacks. */
  private void afterWrite(List<PendingWrite> writes) {
    if (needDrain && writableLength == 0 && !ending && !destroyed) {
      needDrain = false;
      emit(DRAIN);
    }
    for (PendingWrite w : writes) {
      if (w.callback != null) {
        w.callback.accept(null);
      }
    }
  }

  private void callFinal() {
    if (finalCalled || destroyed) {
      return;
    }
    finalCalled = true;
    _final(error -> onLoop(() -> {
      if (error != null) {
        destroy(error);
        return;
      }
      finished = true;
      loop.nextTick(() -> {
        if (!destroyed) {
          finishEmitted = true;
          emit(FINISH);
        }
        maybeAutoDestroy();
      });
    }));
  }

  private void failWrite(NodeError error, Consumer<Throwable> callback, boolean emitError) {
    loop.nextTick(() -> {
      if (callback != null) {
        callback.accept(error);
      }
      if (emitError) {
        destroy(error);
      }
    });
  }

  // ---------------------------------------------------------------- teardown

  /** Node's autoDestroy: once both sides are done, release everything and emit 'close'. */
  private void maybeAutoDestroy() {
    if (!destroyed && finishEmitted && endEmitted) {
      destroy();
    }
  }

  /** Whether {@link #destroy} has been called. */
  public boolean destroyed() {
    return destroyed;
  }

  /** Tears the stream down now; 'close' follows. */
  public Duplex destroy() {
    return destroy(null);
  }

  /** Tears the stream down with {@code error}: 'error' then 'close' with {@code hadError}. */
  public Duplex destroy(Throwable error) {
    onLoop(() -> {
      if (destroyed) {
        return;
      }
      destroyed = true;
      NodeError cancelled = new NodeError("ERR_STREAM_DESTROYED", "Cannot call write after a stream was destroyed");
      for (PendingWrite w : writeQueue) {
        if (w.callback != null) {
          loop.nextTick(() -> w.callback.accept(cancelled));
        }
      }
      writeQueue.clear();
      readBuffer.clear();
      readBuffered = 0;
      _destroy(error, finalError -> loop.run(() -> loop.nextTick(() -> emitErrorAndClose(finalError))));
    });
    return this;
  }

  private void emitErrorAndClose(Throwable error) {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (error != null) {
        emit(ERROR, error);
      }
    } finally {
      emit(CLOSE, error != null);
    }
  }

  /** Whether 'close' has been emitted. */
  public boolean closed() {
    return closed;
  }

  /** Runs {@code action} on this stream's loop: now if already there. */
  protected final void onLoop(Runnable action) {
    loop.run(action);
  }
}

package dev.jtls.stream;

import dev.jtls.net.EventLoop;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An in-memory Duplex for tests: the test feeds the readable side with {@link #feed} and
 * {@link #feedEnd}, and sees every {@code _write}/{@code _writev} call. Writes complete at once,
 * or, with {@code holdWrites}, only when the test calls {@link #completeWrite()}.
 */
final class MemoryDuplex extends Duplex {
  final List<List<String>> writeCalls = new ArrayList<>();
  final List<String> hooks = new ArrayList<>();
  private final ArrayDeque<Consumer<Throwable>> heldWrites = new ArrayDeque<>();
  private final boolean holdWrites;
  private final boolean writev;
  int readCalls;

  MemoryDuplex(EventLoop loop, boolean allowHalfOpen, boolean holdWrites, boolean writev, int highWaterMark) {
    super(loop, allowHalfOpen, highWaterMark, highWaterMark);
    this.holdWrites = holdWrites;
    this.writev = writev;
  }

  MemoryDuplex(EventLoop loop, boolean allowHalfOpen) {
    this(loop, allowHalfOpen, false, false, DEFAULT_HIGH_WATER_MARK);
  }

  boolean feed(String text) {
    return push(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  boolean feed(byte[] bytes) {
    return push(bytes);
  }

  void feedEnd() {
    pushEnd();
  }

  /** Completes the oldest held write. */
  void completeWrite() {
    heldWrites.poll().accept(null);
  }

  /** Fails the oldest held write with {@code error}. */
  void failWrite(Throwable error) {
    heldWrites.poll().accept(error);
  }

  int heldWriteCount() {
    return heldWrites.size();
  }

  /** Every byte handed to _write/_writev, in order, as text. */
  String written() {
    StringBuilder sb = new StringBuilder();
    writeCalls.forEach(call -> call.forEach(sb::append));
    return sb.toString();
  }

  @Override
  protected void _write(byte[] chunk, Consumer<Throwable> done) {
    record(List.of(chunk), done);
  }

  /** Takes a written buffer in place, as a socket does, and notes that it came this way. */
  @Override
  protected void _writeBuffer(java.nio.ByteBuffer buffer, Consumer<Throwable> done) {
    hooks.add("_writeBuffer");
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    record(List.of(bytes), done);
  }

  @Override
  protected boolean hasWritev() {
    return writev;
  }

  @Override
  protected void _writev(List<byte[]> chunks, Consumer<Throwable> done) {
    record(chunks, done);
  }

  private void record(List<byte[]> chunks, Consumer<Throwable> done) {
    List<String> texts = new ArrayList<>();
    for (byte[] c : chunks) {
      texts.add(new String(c, java.nio.charset.StandardCharsets.UTF_8));
    }
    writeCalls.add(texts);
    if (holdWrites) {
      heldWrites.add(done);
    } else {
      done.accept(null);
    }
  }

  @Override
  protected void _final(Consumer<Throwable> done) {
    hooks.add("_final");
    done.accept(null);
  }

  @Override
  protected void _destroy(Throwable error, Consumer<Throwable> done) {
    hooks.add("_destroy");
    done.accept(error);
  }

  @Override
  protected void _read() {
    readCalls++;
  }
}

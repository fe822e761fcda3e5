package dev.jtls.tls;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * Encrypts a caller's {@code ByteBuffer} straight from its memory, a record at a time: a direct
 * buffer with no copy at all, a heap one through the loop's staging buffer (OpenSSL reads native
 * memory only). The caller's buffer is consumed before this returns, so its owner may reuse it.
 */
final class BufferEncryptor {
  private BufferEncryptor() {}

  /**
   * Hands OpenSSL the remaining bytes of {@code buffer} and consumes them. Returns null when
   * OpenSSL took them all, else a copy of those it did not take: a renegotiation must first read
   * the peer's messages, and they wait as a queued write does.
   */
  static byte[] encrypt(TlsEngine engine, LoopBuffers buffers, ByteBuffer buffer) {
    MemorySegment src = MemorySegment.ofBuffer(buffer);
    MemorySegment staging = src.isNative() ? null : buffers.plainOut;
    long len = src.byteSize();
    long off = 0;
    while (off < len && !engine.isClosed()) {
      int n = (int) Math.min(len - off, LoopBuffers.PLAIN_CAPACITY);
      MemorySegment record = src.asSlice(off, n);
      if (staging != null) {
        MemorySegment.copy(record, 0, staging, 0, n);
        record = staging;
      }
      if (!engine.write(record, n)) {
        break;
      }
      off += n;
    }
    buffer.position(buffer.position() + (int) off);
    return off == len ? null : copyOf(buffer);
  }

  static byte[] copyOf(ByteBuffer buffer) {
    byte[] copy = new byte[buffer.remaining()];
    buffer.get(copy);
    return copy;
  }
}

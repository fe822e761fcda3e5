package dev.jtls.tls;

import dev.jtls.net.EventLoop;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * The native scratch buffers every TLS socket of one loop shares: nothing on the hot path
 * allocates per record. They are only ever used within one callback, on the loop thread.
 */
final class LoopBuffers {
  /** Enough for several full records with their overhead, so a batch leaves in one socket write. */
  static final int NET_CAPACITY = 4 * (16 * 1024 + 512);
  static final int PLAIN_CAPACITY = 16 * 1024;

  private static final Object KEY = new Object();

  /** Ciphertext leaving OpenSSL on its way to the transport. */
  final ByteBuffer netOut = ByteBuffer.allocateDirect(NET_CAPACITY);
  final MemorySegment netOutSegment = MemorySegment.ofBuffer(netOut);
  /** Ciphertext arriving as byte[] from a transport that is not a NetSocket. */
  final ByteBuffer netIn = ByteBuffer.allocateDirect(NET_CAPACITY);
  final MemorySegment netInSegment = MemorySegment.ofBuffer(netIn);
  /** Plaintext: decrypted for the reader, or staged for SSL_write. */
  final MemorySegment plain = MemorySegment.ofBuffer(ByteBuffer.allocateDirect(PLAIN_CAPACITY));

  private LoopBuffers() {}

  static LoopBuffers of(EventLoop loop) {
    return loop.local(KEY, LoopBuffers::new);
  }
}

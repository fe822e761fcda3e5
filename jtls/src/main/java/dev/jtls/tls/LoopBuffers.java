package dev.jtls.tls;

import dev.jtls.net.EventLoop;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * The native scratch buffers every TLS socket of one loop shares: nothing on the hot path
 * allocates per record. They are only ever used on the loop thread.
 *
 * <p>Lending rules: a buffer holds bytes only from the call that fills it to the call that
 * consumes it, and a buffer lent to user code (a 'data' or onread callback) stays valid until that
 * callback returns. Decrypting ({@link #plainIn}) and encrypting ({@link #plainOut}) never share a
 * buffer, so a write made from inside a read callback cannot overwrite what the callback reads.
 * {@link #netIn} and {@link #lentInput} are lent to an engine's input for one cycle, which settles
 * the engine's input before it ends.
 */
final class LoopBuffers {
  /** Enough for several full records with their overhead. */
  static final int NET_CAPACITY = 4 * (16 * 1024 + 512);
  static final int PLAIN_CAPACITY = 16 * 1024;
  /** Full records encrypted per step of a write: a batch leaves in one transport write. */
  static final int BATCH_RECORDS = 4;

  private static final Object KEY = new Object();

  /** Ciphertext arriving as byte[] from a transport that is not a NetSocket. */
  final ByteBuffer netIn = ByteBuffer.allocateDirect(NET_CAPACITY);
  final MemorySegment netInSegment = MemorySegment.ofBuffer(netIn);
  /** The BUF_MEM describing ciphertext lent to an engine's input BIO (see {@link TlsEngine#feed}). */
  final MemorySegment lentInput = java.lang.foreign.Arena.ofAuto().allocate(dev.jtls.internal.openssl.Bio.BUF_MEM_SIZE, 8);
  /** Plaintext decrypted by SSL_read for the reader. */
  final MemorySegment plainIn = MemorySegment.ofBuffer(ByteBuffer.allocateDirect(PLAIN_CAPACITY));
  /** Plaintext staged for SSL_write. */
  final MemorySegment plainOut = MemorySegment.ofBuffer(ByteBuffer.allocateDirect(PLAIN_CAPACITY));

  private LoopBuffers() {}

  static LoopBuffers of(EventLoop loop) {
    return loop.local(KEY, LoopBuffers::new);
  }
}

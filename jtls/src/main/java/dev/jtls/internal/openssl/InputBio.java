package dev.jtls.internal.openssl;

import java.lang.foreign.MemorySegment;

/**
 * An SSL's input memory BIO and where its bytes live. Ciphertext from the network is lent to it for
 * one cycle rather than copied ({@link #lend}); {@link #settle} ends the loan, keeping only what
 * OpenSSL left unread, and leaves an emptied BIO without a buffer, so an idle connection's input
 * costs no memory. The BIO itself belongs to its SSL, which frees it.
 */
public final class InputBio {
  private enum Where {
    /** In a buffer of its own (a new SSL's BIO, or bytes kept after a loan). */
    OWN,
    /** In memory lent by {@link #lend}, until {@link #settle}. */
    LENT,
    /** Nowhere: the BIO is empty and holds no buffer. */
    AT_REST
  }

  private final MemorySegment ssl;
  private final MemorySegment bio;
  private Where where = Where.OWN;
  private boolean readAhead;

  /** {@code bio} is {@code ssl}'s read BIO, a memory BIO. */
  public InputBio(MemorySegment ssl, MemorySegment bio) {
    this.ssl = ssl;
    this.bio = bio;
  }

  /**
   * Hands {@code len} bytes at {@code src} to OpenSSL without a copy: {@code src} and {@code slot}
   * ({@link Bio#BUF_MEM_SIZE} bytes describing them) must stay untouched until {@link #settle()}.
   * Only when bytes from an earlier feed still wait are these copied behind them.
   */
  public void lend(MemorySegment src, int len, MemorySegment slot) {
    if (where == Where.LENT || (where == Where.OWN && Bio.pending(bio) > 0)) {
      copy(src, len);
      return;
    }
    if (!readAhead) {
      // A lent buffer may hold many records: OpenSSL then takes them in one read instead of
      // one BIO call per record header and body.
      readAhead = true;
      Ssl.setReadAhead(ssl);
    }
    Bio.lend(bio, slot, src, len);
    where = Where.LENT;
  }

  /** Hands {@code len} bytes at {@code src} to OpenSSL by copying them into the BIO's own buffer. */
  public void copy(MemorySegment src, int len) {
    if (where == Where.LENT) {
      Bio.keepUnread(bio); // the lent bytes still unread go first
    } else if (where == Where.AT_REST) {
      Bio.ownBuffer(bio);
    }
    where = Where.OWN;
    int off = 0;
    while (off < len) {
      int n = Bio.write(bio, src.asSlice(off), len - off);
      if (n <= 0) {
        throw new IllegalStateException("BIO_write to a memory BIO failed");
      }
      off += n;
    }
  }

  /**
   * Ends a loan: what OpenSSL did not read (a paused handshake, a reader that stopped) is copied
   * into the BIO's own buffer; an emptied BIO gives its buffer back. After the SSL calls of a cycle.
   */
  public void settle() {
    if (where == Where.AT_REST) {
      return;
    }
    if (Bio.pending(bio) == 0) {
      Bio.rest(bio);
      where = Where.AT_REST;
    } else if (where == Where.LENT) {
      Bio.keepUnread(bio);
      where = Where.OWN;
    }
  }

  /** The bytes of buffer the BIO holds (0 at rest), for the memory it costs an idle connection. */
  public long capacity() {
    return Bio.capacity(bio);
  }
}

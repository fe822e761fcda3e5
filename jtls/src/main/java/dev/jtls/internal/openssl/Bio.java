package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_INT;
import static dev.jtls.internal.openssl.Lib.C_LONG;
import static dev.jtls.internal.openssl.Lib.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** OpenSSL's BIO area: memory BIOs, which is all jtls gives OpenSSL to read and write. */
public final class Bio {
  private static final MethodHandle BIO_s_mem = Lib.crypto("BIO_s_mem", FunctionDescriptor.of(C_POINTER));
  private static final MethodHandle BIO_new_fd = Lib.crypto("BIO_new_fd", FunctionDescriptor.of(C_POINTER, C_INT, C_INT));
  private static final int STDERR = 2;
  private static final MethodHandle BIO_new = Lib.crypto("BIO_new", FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle BIO_new_mem_buf = Lib.crypto("BIO_new_mem_buf",
      FunctionDescriptor.of(C_POINTER, C_POINTER, C_INT));
  static final MethodHandle BIO_free_all = Lib.crypto("BIO_free_all", FunctionDescriptor.ofVoid(C_POINTER));
  // Pure memory copies that never call back into Java: safe as critical downcalls on the hot path.
  private static final MethodHandle BIO_read = Lib.crypto("BIO_read",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT), Linker.Option.critical(true));
  private static final MethodHandle BIO_write = Lib.crypto("BIO_write",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT), Linker.Option.critical(true));
  private static final MethodHandle BIO_ctrl = Lib.crypto("BIO_ctrl",
      FunctionDescriptor.of(C_LONG, C_POINTER, C_INT, C_LONG, C_POINTER), Linker.Option.critical(false));
  // The same, with heap access, so BIO_get_mem_data can return its pointer into a long[] without native scratch.
  private static final MethodHandle BIO_ctrl_heap = Lib.crypto("BIO_ctrl",
      FunctionDescriptor.of(C_LONG, C_POINTER, C_INT, C_LONG, C_POINTER), Linker.Option.critical(true));
  private static final MethodHandle BUF_MEM_new = Lib.crypto("BUF_MEM_new", FunctionDescriptor.of(C_POINTER));

  private static final int BIO_CTRL_EOF = 2;
  private static final int BIO_CTRL_PENDING = 10;
  private static final int BIO_C_SET_BUF_MEM_EOF_RETURN = 130;
  private static final int BIO_CTRL_INFO = 3;
  private static final int BIO_CTRL_SET_CLOSE = 9;
  private static final int BIO_C_SET_BUF_MEM = 114;
  private static final int BIO_C_FILE_SEEK = 128;
  private static final int BIO_C_GET_BUF_MEM_PTR = 115;
  private static final int BIO_C_FILE_TELL = 133;
  private static final int BIO_NOCLOSE = 0;
  private static final int BIO_CLOSE = 1;

  /** BUF_MEM (buffer.h): size_t length; char *data; size_t max; unsigned long flags. */
  public static final long BUF_MEM_SIZE = 32;
  private static final long BUF_MEM_LENGTH = 0;
  private static final long BUF_MEM_DATA = 8;
  private static final long BUF_MEM_MAX = 16;
  /**
   * An empty BUF_MEM that lives as long as the process: a memory BIO at rest points at it, so it
   * holds no buffer of its own and nothing it refers to can be freed under it.
   */
  private static final MemorySegment EMPTY_BUF_MEM = Arena.global().allocate(BUF_MEM_SIZE);

  private Bio() {}

  /** A new, owned, empty memory BIO. */
  public static Owned newMem() {
    try {
      MemorySegment bio = (MemorySegment) BIO_new.invokeExact((MemorySegment) BIO_s_mem.invokeExact());
      return own(bio);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** A new, owned BIO writing to the process's standard error (file descriptor 2, left open when freed). */
  public static Owned newStderr() {
    try {
      return own((MemorySegment) BIO_new_fd.invokeExact(STDERR, BIO_NOCLOSE));
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /**
   * A new memory BIO that is not owned here: it is for {@code SSL_set_bio}, after which the SSL
   * owns and frees it (so it is counted as part of its SSL, not as a BIO of its own).
   */
  static MemorySegment newMemForSsl() {
    try {
      MemorySegment bio = (MemorySegment) BIO_new.invokeExact((MemorySegment) BIO_s_mem.invokeExact());
      if (bio.equals(MemorySegment.NULL)) {
        throw new OutOfMemoryError("BIO_new failed");
      }
      return bio;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** An owned read-only memory BIO over a copy of {@code data}. */
  public static Owned ofBytes(byte[] data) {
    // BIO_new_mem_buf does not copy, so give it memory that lives as long as the BIO: a fresh
    // memory BIO filled with the bytes.
    Owned bio = newMem();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment src = arena.allocate(Math.max(1, data.length));
      MemorySegment.copy(data, 0, src, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, data.length);
      if (data.length > 0 && write(bio.get(), src, data.length) != data.length) {
        bio.close();
        throw new OutOfMemoryError("BIO_write failed");
      }
      return bio;
    }
  }

  /** BIO_read: up to {@code len} bytes into {@code dst}; <= 0 when empty. */
  public static int read(MemorySegment bio, MemorySegment dst, int len) {
    try {
      return (int) BIO_read.invokeExact(bio, dst, len);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** BIO_write: appends {@code len} bytes from {@code src}. */
  public static int write(MemorySegment bio, MemorySegment src, int len) {
    try {
      return (int) BIO_write.invokeExact(bio, src, len);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** BIO_ctrl_pending: bytes waiting to be read. */
  public static long pending(MemorySegment bio) {
    return ctrl(bio, BIO_CTRL_PENDING, 0);
  }

  /**
   * Makes an empty memory BIO report "retry" (-1) instead of EOF (0), so OpenSSL waits for more
   * network bytes instead of treating an empty buffer as a closed connection.
   */
  public static void setRetryOnEmpty(MemorySegment bio) {
    ctrl(bio, BIO_C_SET_BUF_MEM_EOF_RETURN, -1);
  }

  /** Whether the BIO is at EOF. */
  public static boolean eof(MemorySegment bio) {
    return ctrl(bio, BIO_CTRL_EOF, 0) != 0;
  }

  /**
   * Lends {@code len} bytes at {@code src} to a memory BIO: OpenSSL reads them in place, without a
   * copy into the BIO. {@code slot} (BUF_MEM_SIZE bytes, the caller's) describes them; the BIO keeps
   * pointing at it, so both must stay valid until {@link #rest} or {@link #keepUnread}. The BIO's
   * own buffer, if any, is freed; it must be empty.
   */
  public static void lend(MemorySegment bio, MemorySegment slot, MemorySegment src, int len) {
    slot.set(C_LONG, BUF_MEM_LENGTH, len);
    slot.set(C_POINTER, BUF_MEM_DATA, src);
    slot.set(C_LONG, BUF_MEM_MAX, len);
    slot.set(C_LONG, BUF_MEM_MAX + 8, 0L);
    ctrl(bio, BIO_C_SET_BUF_MEM, BIO_NOCLOSE, slot);
  }

  /** Empties a memory BIO and frees its buffer: it then holds no memory beyond its small header. */
  public static void rest(MemorySegment bio) {
    ctrl(bio, BIO_C_SET_BUF_MEM, BIO_NOCLOSE, EMPTY_BUF_MEM);
  }

  /** Gives a memory BIO a new, empty buffer of its own (freeing the one it owned), so it can be written. */
  public static void ownBuffer(MemorySegment bio) {
    try {
      MemorySegment own = (MemorySegment) BUF_MEM_new.invokeExact();
      if (own.equals(MemorySegment.NULL)) {
        throw new OutOfMemoryError("BUF_MEM_new failed");
      }
      ctrl(bio, BIO_C_SET_BUF_MEM, BIO_CLOSE, own);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** The largest record TLS allows on the wire: 5 bytes of header, 2^14 of data, 2048 of expansion. */
  public static final int MAX_RECORD = 5 + 16384 + 2048;
  /**
   * The buffer BUF_MEM grows to (4/3 of what it must hold) for one {@link #MAX_RECORD}: what a
   * connection writing a record at a time keeps while it is busy.
   */
  public static final long ONE_RECORD_CAPACITY = (MAX_RECORD + 3) / 3 * 4;
  /** What an idle connection's output BIO keeps at most: a few small records' worth. */
  public static final long IDLE_CAPACITY = 4096;

  /**
   * Frees the buffer of an empty memory BIO when it is bigger than {@code kept} bytes; the next write
   * grows a new one. The BIO keeps its BUF_MEM, and the bytes are freed without BUF_MEM_free's
   * cleanse: they were ciphertext already sent, and wiping tens of KB of them would cost more than
   * the free itself.
   */
  public static void shrinkEmpty(MemorySegment bio, long kept) {
    MemorySegment bufMem = bufMem(bio);
    if (bufMem == null || bufMem.get(C_LONG, BUF_MEM_MAX) <= kept) {
      return;
    }
    MemorySegment data = bufMem.get(C_POINTER, BUF_MEM_DATA);
    ctrl(bio, BIO_CTRL_SET_CLOSE, BIO_NOCLOSE); // so setting the same BUF_MEM back does not free it
    bufMem.set(C_LONG, BUF_MEM_LENGTH, 0L);
    bufMem.set(C_POINTER, BUF_MEM_DATA, MemorySegment.NULL);
    bufMem.set(C_LONG, BUF_MEM_MAX, 0L);
    ctrl(bio, BIO_C_SET_BUF_MEM, BIO_CLOSE, bufMem); // the BIO's read position follows the emptied BUF_MEM
    Crypto.free(data);
  }

  /**
   * Copies what OpenSSL left unread of the memory lent with {@link #lend} into a buffer the BIO
   * owns, so the lender may reuse its memory.
   */
  public static void keepUnread(MemorySegment bio) {
    long[] at = new long[1];
    long left = info(bio, at);
    ownBuffer(bio);
    if (left > 0 && write(bio, MemorySegment.ofAddress(at[0]).reinterpret(left), (int) left) != left) {
      throw new OutOfMemoryError("BIO_write failed");
    }
  }

  /**
   * The bytes waiting in a memory BIO, viewed in its own memory (BIO_get_mem_data), or null when
   * there are none. The view is valid until the BIO is next written, read or freed.
   */
  public static java.nio.ByteBuffer peek(MemorySegment bio) {
    long[] at = new long[1];
    long n = info(bio, at);
    return n <= 0 ? null : MemorySegment.ofAddress(at[0]).reinterpret(n).asByteBuffer();
  }

  /** The size of a memory BIO's buffer (BUF_MEM max): the memory it holds beyond its small header. */
  public static long capacity(MemorySegment bio) {
    MemorySegment bufMem = bufMem(bio);
    return bufMem == null ? 0 : bufMem.get(C_LONG, BUF_MEM_MAX);
  }

  /** The BIO's BUF_MEM (BIO_get_mem_ptr), or null when it has none. */
  private static MemorySegment bufMem(MemorySegment bio) {
    long[] bufMem = new long[1];
    try {
      long ok = (long) BIO_ctrl_heap.invokeExact(bio, BIO_C_GET_BUF_MEM_PTR, 0L, MemorySegment.ofArray(bufMem));
      if (ok <= 0 || bufMem[0] == 0) {
        return null;
      }
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
    return MemorySegment.ofAddress(bufMem[0]).reinterpret(BUF_MEM_SIZE);
  }

  /** Drops the first {@code n} waiting bytes of a memory BIO without copying them (BIO_seek past them). */
  public static void skip(MemorySegment bio, int n) {
    long at = ctrl(bio, BIO_C_FILE_TELL, 0);
    if (ctrl(bio, BIO_C_FILE_SEEK, at + n) < 0) {
      throw new IllegalStateException("BIO_seek past " + n + " waiting bytes failed");
    }
  }

  private static long info(MemorySegment bio, long[] pointer) {
    try {
      return (long) BIO_ctrl_heap.invokeExact(bio, BIO_CTRL_INFO, 0L, MemorySegment.ofArray(pointer));
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** Reads everything pending in {@code bio} into a byte array. */
  public static byte[] readAll(MemorySegment bio) {
    int n = (int) pending(bio);
    if (n <= 0) {
      return new byte[0];
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment dst = arena.allocate(n);
      int got = read(bio, dst, n);
      return got <= 0 ? new byte[0] : dst.asSlice(0, got).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }
  }

  /** Reads everything pending in {@code bio} as ASCII/UTF-8 text. */
  public static String readString(MemorySegment bio) {
    return new String(readAll(bio), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static long ctrl(MemorySegment bio, int cmd, long larg) {
    return ctrl(bio, cmd, larg, MemorySegment.NULL);
  }

  private static long ctrl(MemorySegment bio, int cmd, long larg, MemorySegment parg) {
    try {
      return (long) BIO_ctrl.invokeExact(bio, cmd, larg, parg);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  private static Owned own(MemorySegment bio) {
    if (bio.equals(MemorySegment.NULL)) {
      throw new OutOfMemoryError("BIO_new failed");
    }
    return Owned.of(bio, LiveNatives.Kind.BIO, BIO_free_all);
  }
}

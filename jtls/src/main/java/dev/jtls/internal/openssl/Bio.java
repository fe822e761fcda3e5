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

  private static final int BIO_CTRL_EOF = 2;
  private static final int BIO_CTRL_PENDING = 10;
  private static final int BIO_C_SET_BUF_MEM_EOF_RETURN = 130;

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
    try {
      return (long) BIO_ctrl.invokeExact(bio, cmd, larg, MemorySegment.NULL);
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

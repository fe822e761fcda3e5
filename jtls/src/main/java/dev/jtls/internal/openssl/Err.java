package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_LONG;
import static dev.jtls.internal.openssl.Lib.C_POINTER;
import static dev.jtls.internal.openssl.Lib.SIZE_T;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenSSL's per-thread error queue. Every call that can fail is bracketed on its own thread:
 * {@link #clear()} before, {@link #drain()} after, so an error is never blamed on the wrong call.
 */
public final class Err {
  private static final MethodHandle ERR_get_error_all = Lib.crypto("ERR_get_error_all",
      FunctionDescriptor.of(C_LONG, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER));
  private static final MethodHandle ERR_peek_error = Lib.crypto("ERR_peek_error", FunctionDescriptor.of(C_LONG));
  private static final MethodHandle ERR_clear_error = Lib.crypto("ERR_clear_error", FunctionDescriptor.ofVoid());
  private static final MethodHandle ERR_error_string_n = Lib.crypto("ERR_error_string_n",
      FunctionDescriptor.ofVoid(C_LONG, C_POINTER, SIZE_T));
  private static final MethodHandle ERR_lib_error_string = Lib.crypto("ERR_lib_error_string",
      FunctionDescriptor.of(C_POINTER, C_LONG));
  private static final MethodHandle ERR_reason_error_string = Lib.crypto("ERR_reason_error_string",
      FunctionDescriptor.of(C_POINTER, C_LONG));

  /** ERR_SYSTEM_FLAG: the entry is an errno value, not a library/reason pair. */
  private static final long SYSTEM_FLAG = 0x80000000L;

  private Err() {}

  /**
   * One entry of the queue.
   *
   * @param packed the packed error code ({@code ERR_get_error})
   * @param line OpenSSL's error line, e.g. {@code error:0A00010B:SSL routines::wrong version number}
   * @param library e.g. {@code SSL routines}; may be null
   * @param function the function that raised it, when OpenSSL recorded one; may be null
   * @param reason e.g. {@code wrong version number}; may be null
   * @param libraryNumber ERR_GET_LIB of the code
   */
  public record Entry(long packed, String line, String library, String function, String reason, int libraryNumber) {}

  /** Empties the calling thread's queue. */
  public static void clear() {
    try {
      ERR_clear_error.invokeExact();
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** Whether the calling thread's queue holds an error. */
  public static boolean pending() {
    try {
      return (long) ERR_peek_error.invokeExact() != 0;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** Takes every entry from the calling thread's queue, oldest first. */
  public static List<Entry> drain() {
    List<Entry> entries = new ArrayList<>(2);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment func = arena.allocate(C_POINTER);
      MemorySegment buf = arena.allocate(256);
      while (true) {
        long code = (long) ERR_get_error_all.invokeExact(MemorySegment.NULL, MemorySegment.NULL, func,
            MemorySegment.NULL, MemorySegment.NULL);
        if (code == 0) {
          break;
        }
        ERR_error_string_n.invokeExact(code, buf, 256L);
        String function = string(func.get(C_POINTER, 0));
        entries.add(new Entry(code, buf.getString(0), string((MemorySegment) ERR_lib_error_string.invokeExact(code)),
            function == null || function.isEmpty() ? null : function,
            string((MemorySegment) ERR_reason_error_string.invokeExact(code)), library(code)));
      }
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
    return entries;
  }

  /** ERR_GET_LIB: the library number of a packed code (ERR_LIB_SYS for system errors). */
  static int library(long code) {
    if ((code & SYSTEM_FLAG) != 0) {
      return 2;
    }
    return (int) ((code >>> 23) & 0xFF);
  }

  /** A NUL-terminated C string, or null for NULL. */
  static String string(MemorySegment p) {
    return p.equals(MemorySegment.NULL) ? null : p.reinterpret(Integer.MAX_VALUE).getString(0);
  }
}

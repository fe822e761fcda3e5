package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_INT;
import static dev.jtls.internal.openssl.Lib.C_POINTER;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * OpenSSL's generic stacks ({@code OPENSSL_sk_*}), which every typed {@code sk_X509_*},
 * {@code sk_GENERAL_NAME_*}, ... macro expands to.
 */
public final class Stack {
  private static final MethodHandle OPENSSL_sk_num = Lib.crypto("OPENSSL_sk_num",
      FunctionDescriptor.of(C_INT, C_POINTER));
  private static final MethodHandle OPENSSL_sk_value = Lib.crypto("OPENSSL_sk_value",
      FunctionDescriptor.of(C_POINTER, C_POINTER, C_INT));
  private static final MethodHandle OPENSSL_sk_new_null = Lib.crypto("OPENSSL_sk_new_null",
      FunctionDescriptor.of(C_POINTER));
  private static final MethodHandle OPENSSL_sk_push = Lib.crypto("OPENSSL_sk_push",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  private static final MethodHandle OPENSSL_sk_free = Lib.crypto("OPENSSL_sk_free",
      FunctionDescriptor.ofVoid(C_POINTER));

  private Stack() {}

  /** The number of elements; 0 for a NULL stack (as OpenSSL answers -1, which callers never want). */
  public static int num(MemorySegment stack) {
    if (stack.equals(MemorySegment.NULL)) {
      return 0;
    }
    try {
      return Math.max(0, (int) OPENSSL_sk_num.invokeExact(stack));
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** Element {@code i}, borrowed from the stack. */
  public static MemorySegment value(MemorySegment stack, int i) {
    try {
      return (MemorySegment) OPENSSL_sk_value.invokeExact(stack, i);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /**
   * A new empty stack that does not own its elements: the caller frees it with {@link #free}
   * (which leaves the elements alone) in the same scope that created it.
   */
  public static MemorySegment newNull() {
    try {
      MemorySegment stack = (MemorySegment) OPENSSL_sk_new_null.invokeExact();
      if (stack.equals(MemorySegment.NULL)) {
        throw new OutOfMemoryError("OPENSSL_sk_new_null failed");
      }
      return stack;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** Appends a borrowed element. */
  public static void push(MemorySegment stack, MemorySegment element) {
    try {
      if ((int) OPENSSL_sk_push.invokeExact(stack, element) <= 0) {
        throw new OutOfMemoryError("OPENSSL_sk_push failed");
      }
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** Frees the stack itself, not its elements. */
  public static void free(MemorySegment stack) {
    try {
      OPENSSL_sk_free.invokeExact(stack);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }
}

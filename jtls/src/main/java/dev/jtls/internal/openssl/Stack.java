package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_INT;
import static dev.jtls.internal.openssl.Lib.C_POINTER;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** OpenSSL's generic STACK_OF(T), read-only: the {@code sk_*_num} and {@code sk_*_value} macros. */
public final class Stack {
  private static final MethodHandle OPENSSL_sk_num = Lib.crypto("OPENSSL_sk_num",
      FunctionDescriptor.of(C_INT, C_POINTER));

  private static final MethodHandle OPENSSL_sk_value = Lib.crypto("OPENSSL_sk_value",
      FunctionDescriptor.of(C_POINTER, C_POINTER, C_INT));

  private Stack() {}

  /** The number of elements; 0 for a NULL stack. */
  public static int count(MemorySegment stack) {
    if (stack.equals(MemorySegment.NULL)) {
      return 0;
    }
    try {
      return (int) OPENSSL_sk_num.invokeExact(stack);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** Element {@code i}, borrowed from the stack. */
  public static MemorySegment get(MemorySegment stack, int i) {
    try {
      return (MemorySegment) OPENSSL_sk_value.invokeExact(stack, i);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }
}

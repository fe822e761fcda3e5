package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_INT;
import static dev.jtls.internal.openssl.Lib.C_LONG;
import static dev.jtls.internal.openssl.Lib.C_POINTER;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Java owner of each SSL, for upcalls: the SSL's ex_data slot holds a number (never a Java
 * reference, which C could not keep), and this table maps the number to the owner's callbacks.
 */
public final class SslOwners {
  private static final MethodHandle CRYPTO_get_ex_new_index = Lib.crypto("CRYPTO_get_ex_new_index",
      FunctionDescriptor.of(C_INT, C_INT, C_LONG, C_POINTER, C_POINTER, C_POINTER, C_POINTER));
  private static final MethodHandle SSL_set_ex_data = Lib.ssl("SSL_set_ex_data",
      FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_POINTER));
  private static final MethodHandle SSL_get_ex_data = Lib.ssl("SSL_get_ex_data",
      FunctionDescriptor.of(C_POINTER, C_POINTER, C_INT));

  private static final int CRYPTO_EX_INDEX_SSL = 0;
  private static final int INDEX = newIndex();
  private static final AtomicLong NEXT_ID = new AtomicLong(1);
  private static final ConcurrentHashMap<Long, SslCallbacks> OWNERS = new ConcurrentHashMap<>();

  private SslOwners() {}

  /** Makes {@code owner} the one upcalls for {@code ssl} reach, until {@link #detach}. */
  public static void attach(MemorySegment ssl, SslCallbacks owner) {
    long id = NEXT_ID.getAndIncrement();
    OWNERS.put(id, owner);
    try {
      if ((int) SSL_set_ex_data.invokeExact(ssl, INDEX, MemorySegment.ofAddress(id)) != 1) {
        OWNERS.remove(id);
        throw new IllegalStateException("SSL_set_ex_data failed");
      }
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** Forgets the owner of {@code ssl}; called before the SSL is freed. */
  public static void detach(MemorySegment ssl) {
    long id = id(ssl);
    if (id != 0) {
      OWNERS.remove(id);
    }
  }

  /** The owner of {@code ssl}, or null when it has none (any more). */
  static SslCallbacks owner(MemorySegment ssl) {
    long id = id(ssl);
    return id == 0 ? null : OWNERS.get(id);
  }

  /** How many SSLs have an owner attached: for tests that check nothing is left behind. */
  public static int attached() {
    return OWNERS.size();
  }

  private static long id(MemorySegment ssl) {
    try {
      return ((MemorySegment) SSL_get_ex_data.invokeExact(ssl, INDEX)).address();
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  private static int newIndex() {
    try {
      int index = (int) CRYPTO_get_ex_new_index.invokeExact(CRYPTO_EX_INDEX_SSL, 0L, MemorySegment.NULL,
          MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL);
      if (index < 0) {
        throw new IllegalStateException("CRYPTO_get_ex_new_index failed");
      }
      return index;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }
}

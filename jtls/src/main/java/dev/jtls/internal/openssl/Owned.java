package dev.jtls.internal.openssl;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one owner of a native OpenSSL object: frees it exactly once, through its {@code *_free}
 * function, and keeps {@link LiveNatives} true. A Cleaner frees it too if the owner is dropped
 * without {@link #close()}, but only as a safety net: owners close explicitly.
 */
public final class Owned implements AutoCloseable {
  private static final Cleaner CLEANER = Cleaner.create();

  private final MemorySegment pointer;
  private final Release release;
  private final Cleaner.Cleanable cleanable;

  /** The free action; holds no reference to the Owned so the Cleaner can run it. */
  private static final class Release implements Runnable {
    private final AtomicLong address;
    private final LiveNatives.Kind kind;
    private final MethodHandle free;

    Release(long address, LiveNatives.Kind kind, MethodHandle free) {
      this.address = new AtomicLong(address);
      this.kind = kind;
      this.free = free;
    }

    @Override
    public void run() {
      long a = address.getAndSet(0);
      if (a == 0) {
        return;
      }
      try {
        free.invokeExact(MemorySegment.ofAddress(a));
      } catch (Throwable t) {
        throw Lib.rethrow(t);
      }
      LiveNatives.freed(kind);
    }
  }

  private Owned(MemorySegment pointer, LiveNatives.Kind kind, MethodHandle free) {
    this.pointer = pointer;
    this.release = new Release(pointer.address(), kind, free);
    LiveNatives.allocated(kind);
    this.cleanable = CLEANER.register(this, release);
  }

  /**
   * Takes ownership of {@code pointer} (which must not be NULL), to be freed with {@code free},
   * a {@code void f(T*)} downcall.
   */
  static Owned of(MemorySegment pointer, LiveNatives.Kind kind, MethodHandle free) {
    if (pointer.equals(MemorySegment.NULL)) {
      throw new IllegalArgumentException("NULL " + kind);
    }
    return new Owned(pointer, kind, free);
  }

  /** The native pointer; do not use after {@link #close()}. */
  public MemorySegment get() {
    return pointer;
  }

  /** Whether the object has been freed. */
  public boolean isClosed() {
    return release.address.get() == 0;
  }

  /** Frees the native object; later calls do nothing. */
  @Override
  public void close() {
    cleanable.clean();
  }
}

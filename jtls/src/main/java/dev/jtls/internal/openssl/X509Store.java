package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_INT;
import static dev.jtls.internal.openssl.Lib.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * OpenSSL's X509_STORE: the trusted certificates a context verifies peers against. Stores are
 * reference counted; a context owns one reference to its store (see
 * {@link SslCtx#setCertStore(MemorySegment, MemorySegment)}).
 */
public final class X509Store {
  private static final MethodHandle X509_STORE_new = Lib.crypto("X509_STORE_new", FunctionDescriptor.of(C_POINTER));
  static final MethodHandle X509_STORE_free = Lib.crypto("X509_STORE_free", FunctionDescriptor.ofVoid(C_POINTER));
  private static final MethodHandle X509_STORE_up_ref = Lib.crypto("X509_STORE_up_ref",
      FunctionDescriptor.of(C_INT, C_POINTER));
  private static final MethodHandle X509_STORE_add_cert = Lib.crypto("X509_STORE_add_cert",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  private static final MethodHandle X509_STORE_get0_objects = Lib.crypto("X509_STORE_get0_objects",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle X509_STORE_CTX_new = Lib.crypto("X509_STORE_CTX_new",
      FunctionDescriptor.of(C_POINTER));
  private static final MethodHandle X509_STORE_CTX_free = Lib.crypto("X509_STORE_CTX_free",
      FunctionDescriptor.ofVoid(C_POINTER));
  private static final MethodHandle X509_STORE_CTX_init = Lib.crypto("X509_STORE_CTX_init",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER));
  private static final MethodHandle X509_STORE_CTX_get1_issuer = Lib.crypto("X509_STORE_CTX_get1_issuer",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER));

  private X509Store() {}

  /** X509_STORE_new: a new empty store, one reference held by the caller. */
  public static MemorySegment create() {
    try {
      MemorySegment store = (MemorySegment) X509_STORE_new.invokeExact();
      if (store.equals(MemorySegment.NULL)) {
        throw new OutOfMemoryError("X509_STORE_new failed");
      }
      return store;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** A new, owned, empty trust store (counted in LiveNatives), for stores that are not a context's. */
  public static Owned newStore() {
    return Owned.of(create(), LiveNatives.Kind.X509_STORE, X509_STORE_free);
  }

  /** X509_STORE_free: drops one reference. */
  public static void free(MemorySegment store) {
    try {
      X509_STORE_free.invokeExact(store);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** X509_STORE_up_ref: adds a reference, for handing the store to a context. */
  public static void upRef(MemorySegment store) {
    try {
      if ((int) X509_STORE_up_ref.invokeExact(store) != 1) {
        throw new IllegalStateException("X509_STORE_up_ref failed");
      }
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /**
   * X509_STORE_add_cert: the store takes its own reference to {@code x509}. Adding a certificate
   * the store already holds succeeds and changes nothing.
   */
  public static boolean addCert(MemorySegment store, MemorySegment x509) {
    try {
      return (int) X509_STORE_add_cert.invokeExact(store, x509) == 1;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** How many objects (certificates and CRLs) the store holds. */
  public static int objectCount(MemorySegment store) {
    try {
      return Stack.num((MemorySegment) X509_STORE_get0_objects.invokeExact(store));
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /**
   * X509_STORE_CTX_get1_issuer over {@code store}: the issuer of {@code x509} found in it (an owned
   * reference), or null when the store holds none.
   */
  public static Owned issuerOf(MemorySegment store, MemorySegment x509) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment ctx = (MemorySegment) X509_STORE_CTX_new.invokeExact();
      if (ctx.equals(MemorySegment.NULL)) {
        throw new OutOfMemoryError("X509_STORE_CTX_new failed");
      }
      try {
        MemorySegment issuer = arena.allocate(C_POINTER);
        if ((int) X509_STORE_CTX_init.invokeExact(ctx, store, MemorySegment.NULL, MemorySegment.NULL) != 1
            || (int) X509_STORE_CTX_get1_issuer.invokeExact(issuer, ctx, x509) != 1) {
          return null;
        }
        return X509.own(issuer.get(C_POINTER, 0));
      } finally {
        X509_STORE_CTX_free.invokeExact(ctx);
      }
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }
}

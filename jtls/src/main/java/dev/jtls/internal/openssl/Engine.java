package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_INT;
import static dev.jtls.internal.openssl.Lib.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * OpenSSL's (deprecated but present in 3.0) ENGINE API, for Node's {@code privateKeyEngine} and
 * {@code clientCertEngine}. Engines are looked up by id, else loaded as a shared object through
 * the {@code dynamic} engine, as Node does.
 */
public final class Engine {
  private static final MethodHandle ENGINE_by_id = Lib.crypto("ENGINE_by_id", FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle ENGINE_ctrl_cmd_string = Lib.crypto("ENGINE_ctrl_cmd_string",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_INT));
  private static final MethodHandle ENGINE_init = Lib.crypto("ENGINE_init", FunctionDescriptor.of(C_INT, C_POINTER));
  private static final MethodHandle ENGINE_finish = Lib.crypto("ENGINE_finish", FunctionDescriptor.of(C_INT, C_POINTER));
  private static final MethodHandle ENGINE_free = Lib.crypto("ENGINE_free", FunctionDescriptor.of(C_INT, C_POINTER));
  private static final MethodHandle ENGINE_load_private_key = Lib.crypto("ENGINE_load_private_key",
      FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER));
  private static final MethodHandle SSL_CTX_set_client_cert_engine = Lib.ssl("SSL_CTX_set_client_cert_engine",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));

  private Engine() {}

  /** A structural reference to the engine {@code id} (free with {@link #free}), or NULL (errors queued). */
  public static MemorySegment byId(String id) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment name = arena.allocateFrom(id);
      MemorySegment engine = (MemorySegment) ENGINE_by_id.invokeExact(name);
      if (!engine.equals(MemorySegment.NULL)) {
        return engine;
      }
      engine = (MemorySegment) ENGINE_by_id.invokeExact(arena.allocateFrom("dynamic"));
      if (engine.equals(MemorySegment.NULL)) {
        return engine;
      }
      if ((int) ENGINE_ctrl_cmd_string.invokeExact(engine, arena.allocateFrom("SO_PATH"), name, 0) != 1
          || (int) ENGINE_ctrl_cmd_string.invokeExact(engine, arena.allocateFrom("LOAD"), MemorySegment.NULL, 0) != 1) {
        free(engine);
        return MemorySegment.NULL;
      }
      return engine;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** ENGINE_init: a functional reference, to be given back with {@link #finish}; false when the engine cannot start. */
  public static boolean init(MemorySegment engine) {
    try {
      return (int) ENGINE_init.invokeExact(engine) == 1;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  public static void finish(MemorySegment engine) {
    try {
      int ignored = (int) ENGINE_finish.invokeExact(engine);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  public static void free(MemorySegment engine) {
    try {
      int ignored = (int) ENGINE_free.invokeExact(engine);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** ENGINE_load_private_key: the key the engine knows as {@code keyId}, owned, or null (errors queued). */
  public static Owned loadPrivateKey(MemorySegment engine, String keyId) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment key = (MemorySegment) ENGINE_load_private_key.invokeExact(engine, arena.allocateFrom(keyId),
          MemorySegment.NULL, MemorySegment.NULL);
      return key.equals(MemorySegment.NULL) ? null : Evp.own(key);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_CTX_set_client_cert_engine: the context keeps its own reference; false on failure (errors queued). */
  public static boolean setClientCertEngine(MemorySegment ctx, MemorySegment engine) {
    try {
      return (int) SSL_CTX_set_client_cert_engine.invokeExact(ctx, engine) == 1;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }
}

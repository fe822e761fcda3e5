package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_INT;
import static dev.jtls.internal.openssl.Lib.C_LONG;
import static dev.jtls.internal.openssl.Lib.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Test helper: a TLS handshake between two SSL objects made from two contexts, carried over
 * memory BIOs in one thread, to show that a context really serves (its key, certificate chain,
 * trusted CAs, ciphers and versions take effect).
 */
public final class MemoryHandshake {
  private static final MethodHandle SSL_new = Lib.ssl("SSL_new", FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle SSL_free = Lib.ssl("SSL_free", FunctionDescriptor.ofVoid(C_POINTER));
  private static final MethodHandle SSL_set_bio = Lib.ssl("SSL_set_bio",
      FunctionDescriptor.ofVoid(C_POINTER, C_POINTER, C_POINTER));
  private static final MethodHandle SSL_set_connect_state = Lib.ssl("SSL_set_connect_state",
      FunctionDescriptor.ofVoid(C_POINTER));
  private static final MethodHandle SSL_set_accept_state = Lib.ssl("SSL_set_accept_state",
      FunctionDescriptor.ofVoid(C_POINTER));
  private static final MethodHandle SSL_do_handshake = Lib.ssl("SSL_do_handshake", FunctionDescriptor.of(C_INT, C_POINTER));
  private static final MethodHandle SSL_get_verify_result = Lib.ssl("SSL_get_verify_result",
      FunctionDescriptor.of(C_LONG, C_POINTER));
  private static final MethodHandle SSL_get_version = Lib.ssl("SSL_get_version", FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle SSL_get_current_cipher = Lib.ssl("SSL_get_current_cipher",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle SSL_CIPHER_get_name = Lib.ssl("SSL_CIPHER_get_name",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final int ROUNDS = 20;

  /**
   * What the handshake came to.
   *
   * @param completed whether both sides finished the handshake
   * @param verifyResult the client's X509 verification result of the server's chain (0: trusted)
   * @param version the negotiated protocol, e.g. {@code TLSv1.3}
   * @param cipher the negotiated cipher's OpenSSL name
   * @param error the first error line queued when the handshake failed, else null
   */
  public record Result(boolean completed, long verifyResult, String version, String cipher, String error) {}

  private MemoryHandshake() {}

  /** Runs a handshake between an SSL of {@code clientCtx} and one of {@code serverCtx}. */
  public static Result run(MemorySegment clientCtx, MemorySegment serverCtx) {
    Err.clear();
    MemorySegment client = newSsl(clientCtx);
    MemorySegment server = newSsl(serverCtx);
    try {
      MemorySegment toServer = Bio.newMemForSsl();
      MemorySegment toClient = Bio.newMemForSsl();
      MemorySegment clientOut = Bio.newMemForSsl();
      MemorySegment serverOut = Bio.newMemForSsl();
      SSL_set_bio.invokeExact(client, toClient, clientOut);
      SSL_set_bio.invokeExact(server, toServer, serverOut);
      SSL_set_connect_state.invokeExact(client);
      SSL_set_accept_state.invokeExact(server);
      boolean clientDone = false;
      boolean serverDone = false;
      for (int round = 0; round < ROUNDS && !(clientDone && serverDone); round++) {
        clientDone = (int) SSL_do_handshake.invokeExact(client) == 1;
        move(clientOut, toServer);
        serverDone = (int) SSL_do_handshake.invokeExact(server) == 1;
        move(serverOut, toClient);
      }
      var errors = Err.drain();
      boolean completed = clientDone && serverDone;
      return new Result(completed, (long) SSL_get_verify_result.invokeExact(client),
          Err.string((MemorySegment) SSL_get_version.invokeExact(client)),
          completed ? Err.string((MemorySegment) SSL_CIPHER_get_name.invokeExact(
              (MemorySegment) SSL_get_current_cipher.invokeExact(client))) : null,
          errors.isEmpty() ? null : errors.getFirst().line());
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    } finally {
      free(client);
      free(server);
    }
  }

  private static MemorySegment newSsl(MemorySegment ctx) {
    try {
      MemorySegment ssl = (MemorySegment) SSL_new.invokeExact(ctx);
      if (ssl.equals(MemorySegment.NULL)) {
        throw new IllegalStateException("SSL_new failed");
      }
      LiveNatives.allocated(LiveNatives.Kind.SSL);
      return ssl;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** Frees an SSL, and with it the two BIOs it was given. */
  private static void free(MemorySegment ssl) {
    try {
      SSL_free.invokeExact(ssl);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
    LiveNatives.freed(LiveNatives.Kind.SSL);
  }

  private static void move(MemorySegment from, MemorySegment to) {
    byte[] bytes = Bio.readAll(from);
    if (bytes.length == 0) {
      return;
    }
    try (Arena arena = Arena.ofConfined()) {
      Bio.write(to, arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes), bytes.length);
    }
  }
}

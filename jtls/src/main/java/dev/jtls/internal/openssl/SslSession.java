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
 * OpenSSL's SSL_SESSION: the DER form Node hands to users (i2d_SSL_SESSION / d2i_SSL_SESSION),
 * offering a saved session on a client, and the new-session callback that reports sessions.
 */
public final class SslSession {
  private static final MethodHandle d2i_SSL_SESSION = Lib.ssl("d2i_SSL_SESSION",
      FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER, C_LONG));
  private static final MethodHandle i2d_SSL_SESSION = Lib.ssl("i2d_SSL_SESSION",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  static final MethodHandle SSL_SESSION_free = Lib.ssl("SSL_SESSION_free", FunctionDescriptor.ofVoid(C_POINTER));
  private static final MethodHandle SSL_set_session = Lib.ssl("SSL_set_session",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  private static final MethodHandle SSL_get_session = Lib.ssl("SSL_get_session",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle SSL_SESSION_get0_ticket = Lib.ssl("SSL_SESSION_get0_ticket",
      FunctionDescriptor.ofVoid(C_POINTER, C_POINTER, C_POINTER));
  private static final MethodHandle SSL_SESSION_get_id = Lib.ssl("SSL_SESSION_get_id",
      FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER));
  private static final MethodHandle SSL_CTX_sess_set_new_cb = Lib.ssl("SSL_CTX_sess_set_new_cb",
      FunctionDescriptor.ofVoid(C_POINTER, C_POINTER));
  private static final MethodHandle SSL_CTX_sess_set_get_cb = Lib.ssl("SSL_CTX_sess_set_get_cb",
      FunctionDescriptor.ofVoid(C_POINTER, C_POINTER));
  private static final MethodHandle SSL_CTX_set_client_hello_cb = Lib.ssl("SSL_CTX_set_client_hello_cb",
      FunctionDescriptor.ofVoid(C_POINTER, C_POINTER, C_POINTER));
  private static final MethodHandle SSL_client_hello_get0_session_id = Lib.ssl("SSL_client_hello_get0_session_id",
      FunctionDescriptor.of(C_LONG, C_POINTER, C_POINTER));
  private static final MethodHandle SSL_client_hello_get0_ext = Lib.ssl("SSL_client_hello_get0_ext",
      FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_POINTER, C_POINTER));

  /** SSL_get_error: the client-hello callback asked to be called again (it returned SSL_CLIENT_HELLO_RETRY). */
  public static final int SSL_ERROR_WANT_CLIENT_HELLO_CB = 11;
  private static final int TLSEXT_TYPE_SESSION_TICKET = 35;

  private SslSession() {}

  /** d2i_SSL_SESSION: the session in {@code der}, or null when the bytes are not one (Err holds why). */
  public static Owned fromDer(byte[] der) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment bytes = arena.allocateFrom(ValueLayout.JAVA_BYTE, der);
      MemorySegment cursor = arena.allocate(C_POINTER);
      cursor.set(C_POINTER, 0, bytes);
      MemorySegment session = (MemorySegment) d2i_SSL_SESSION.invokeExact(MemorySegment.NULL, cursor, (long) der.length);
      return session.equals(MemorySegment.NULL) ? null
          : Owned.of(session, LiveNatives.Kind.SSL_SESSION, SSL_SESSION_free);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** i2d_SSL_SESSION: the session's DER bytes, or null when OpenSSL cannot encode it. */
  public static byte[] toDer(MemorySegment session) {
    try (Arena arena = Arena.ofConfined()) {
      int length = (int) i2d_SSL_SESSION.invokeExact(session, MemorySegment.NULL);
      if (length <= 0) {
        return null;
      }
      MemorySegment out = arena.allocate(length);
      MemorySegment cursor = arena.allocate(C_POINTER);
      cursor.set(C_POINTER, 0, out);
      int written = (int) i2d_SSL_SESSION.invokeExact(session, cursor);
      return written == length ? out.toArray(ValueLayout.JAVA_BYTE) : null;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_set_session: offer {@code session} (the SSL takes its own reference); false when refused. */
  public static boolean set(MemorySegment ssl, MemorySegment session) {
    try {
      return (int) SSL_set_session.invokeExact(ssl, session) == 1;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_get_session: the SSL's current session, borrowed (valid during the SSL call or lock), or NULL. */
  public static MemorySegment current(MemorySegment ssl) {
    try {
      return (MemorySegment) SSL_get_session.invokeExact(ssl);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_SESSION_get0_ticket: the session ticket the server sent with it, or null when none. */
  public static byte[] ticket(MemorySegment session) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment tick = arena.allocate(C_POINTER);
      MemorySegment length = arena.allocate(C_LONG);
      SSL_SESSION_get0_ticket.invokeExact(session, tick, length);
      long n = length.get(C_LONG, 0);
      MemorySegment p = tick.get(C_POINTER, 0);
      return n == 0 || p.equals(MemorySegment.NULL) ? null : p.reinterpret(n).toArray(ValueLayout.JAVA_BYTE);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_SESSION_get_id: the session ID (empty for a TLSv1.3 ticket-only session on the client). */
  public static byte[] id(MemorySegment session) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment length = arena.allocate(C_INT);
      MemorySegment p = (MemorySegment) SSL_SESSION_get_id.invokeExact(session, length);
      int n = length.get(C_INT, 0);
      return n == 0 || p.equals(MemorySegment.NULL) ? new byte[0] : p.reinterpret(n).toArray(ValueLayout.JAVA_BYTE);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** Inside the client-hello callback: the session ID the client offers (empty for none). */
  static byte[] helloSessionId(MemorySegment ssl) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(C_POINTER);
      long n = (long) SSL_client_hello_get0_session_id.invokeExact(ssl, out);
      MemorySegment p = out.get(C_POINTER, 0);
      return n == 0 || p.equals(MemorySegment.NULL) ? new byte[0] : p.reinterpret(n).toArray(ValueLayout.JAVA_BYTE);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** Inside the client-hello callback: whether the client offers a TLSv1.2 session ticket (a non-empty extension). */
  static boolean helloOffersTicket(MemorySegment ssl) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(C_POINTER);
      MemorySegment length = arena.allocate(C_LONG);
      int present = (int) SSL_client_hello_get0_ext.invokeExact(ssl, TLSEXT_TYPE_SESSION_TICKET, out, length);
      return present == 1 && length.get(C_LONG, 0) > 0;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /**
   * Installs the process-wide server callbacks of resumption by session ID on {@code ctx}: the
   * client-hello callback (where the owner may pause the handshake to look the ID up) and the
   * get-session callback (where it hands over the session it found).
   */
  public static void installServerCallbacks(MemorySegment ctx) {
    try {
      SSL_CTX_set_client_hello_cb.invokeExact(ctx, Upcalls.clientHello(), MemorySegment.NULL);
      SSL_CTX_sess_set_get_cb.invokeExact(ctx, Upcalls.getSession());
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /**
   * Installs the process-wide new-session callback on {@code ctx}: every session OpenSSL makes
   * for a connection of this context (with SSL_SESS_CACHE_CLIENT / _SERVER set) is reported to
   * the connection's owner ({@link SslCallbacks#newSession}).
   */
  public static void installNewSessionCallback(MemorySegment ctx) {
    try {
      SSL_CTX_sess_set_new_cb.invokeExact(ctx, Upcalls.newSession());
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }
}

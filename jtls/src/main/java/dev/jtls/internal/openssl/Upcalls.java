package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_INT;
import static dev.jtls.internal.openssl.Lib.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The process-wide upcall stubs OpenSSL calls into. Each is created once, lazily, in the global
 * arena; none is ever created per connection. Every upcall body catches everything and returns
 * OpenSSL's failure value: an exception must never unwind into C.
 */
final class Upcalls {
  private Upcalls() {}

  private static final class AcceptVerify {
    static final MemorySegment STUB = stub("acceptVerify", MethodType.methodType(int.class, int.class, MemorySegment.class),
        FunctionDescriptor.of(C_INT, C_INT, C_POINTER));
  }

  /**
   * The verify callback: lets the handshake go on whatever the chain's verdict, as Node does. The
   * verdict stays in SSL_get_verify_result, and the socket applies rejectUnauthorized to it once
   * the handshake is done, so the error reaches the user as Node's code rather than as an alert.
   */
  static MemorySegment acceptVerify() {
    return AcceptVerify.STUB;
  }

  @SuppressWarnings("unused") // called from C through the stub
  private static int acceptVerify(int preverifyOk, MemorySegment storeCtx) {
    return 1;
  }

  private static final class Keylog {
    static final MemorySegment STUB = stub("keylog", MethodType.methodType(void.class, MemorySegment.class,
        MemorySegment.class), FunctionDescriptor.ofVoid(C_POINTER, C_POINTER));
  }

  /** SSL_CTX_keylog_cb_func: hands each key log line to the SSL's owner. */
  static MemorySegment keylog() {
    return Keylog.STUB;
  }

  @SuppressWarnings("unused") // called from C through the stub
  private static void keylog(MemorySegment ssl, MemorySegment line) {
    try {
      SslCallbacks owner = SslOwners.owner(ssl);
      if (owner != null && owner.wantsKeylog()) {
        owner.keylog(Err.string(line));
      }
    } catch (Throwable t) {
      // nothing may unwind into OpenSSL; a failing owner only loses this line
      uncaught(t);
    }
  }

  private static final class AlpnSelect {
    static final MemorySegment STUB = stub("alpnSelect", MethodType.methodType(int.class, MemorySegment.class,
        MemorySegment.class, MemorySegment.class, MemorySegment.class, int.class, MemorySegment.class),
        FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER));
  }

  private static final int SSL_TLSEXT_ERR_OK = 0;
  private static final int SSL_TLSEXT_ERR_ALERT_FATAL = 2;
  private static final int SSL_TLSEXT_ERR_NOACK = 3;

  /** SSL_CTX_alpn_select_cb_func: the SSL's owner picks; the answer points into the client's own list. */
  static MemorySegment alpnSelect() {
    return AlpnSelect.STUB;
  }

  @SuppressWarnings("unused") // called from C through the stub
  private static int alpnSelect(MemorySegment ssl, MemorySegment out, MemorySegment outLength, MemorySegment in,
      int inLength, MemorySegment arg) {
    try {
      SslCallbacks owner = SslOwners.owner(ssl);
      if (owner == null) {
        return SSL_TLSEXT_ERR_NOACK;
      }
      MemorySegment offered = in.reinterpret(inLength);
      int at = owner.selectAlpn(offered.toArray(ValueLayout.JAVA_BYTE));
      if (at == SslCallbacks.ALPN_NOT_CONFIGURED) {
        return SSL_TLSEXT_ERR_NOACK;
      }
      if (at < 0 || at >= inLength) {
        return SSL_TLSEXT_ERR_ALERT_FATAL;
      }
      out.reinterpret(C_POINTER.byteSize()).set(C_POINTER, 0, offered.asSlice(at + 1));
      outLength.reinterpret(1).set(ValueLayout.JAVA_BYTE, 0, offered.get(ValueLayout.JAVA_BYTE, at));
      return SSL_TLSEXT_ERR_OK;
    } catch (Throwable t) {
      uncaught(t);
      return SSL_TLSEXT_ERR_ALERT_FATAL;
    }
  }

  private static final class CertCallback {
    static final MemorySegment STUB = stub("certCallback", MethodType.methodType(int.class, MemorySegment.class,
        MemorySegment.class), FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  }

  /** The cert callback (SSL_set_cert_cb): lets the SSL's owner pause the handshake. */
  static MemorySegment certCallback() {
    return CertCallback.STUB;
  }

  @SuppressWarnings("unused") // called from C through the stub
  private static int certCallback(MemorySegment ssl, MemorySegment arg) {
    try {
      SslCallbacks owner = SslOwners.owner(ssl);
      return owner == null ? 1 : owner.certificateNeeded();
    } catch (Throwable t) {
      uncaught(t);
      return 0;
    }
  }

  private static final class Info {
    static final MemorySegment STUB = stub("info", MethodType.methodType(void.class, MemorySegment.class, int.class,
        int.class), FunctionDescriptor.ofVoid(C_POINTER, C_INT, C_INT));
  }

  /** The info callback (SSL_set_info_callback): tells the SSL's owner when a handshake starts and completes. */
  static MemorySegment info() {
    return Info.STUB;
  }

  @SuppressWarnings("unused") // called from C through the stub
  private static void info(MemorySegment ssl, int where, int ret) {
    if ((where & (Ssl.SSL_CB_HANDSHAKE_START | Ssl.SSL_CB_HANDSHAKE_DONE)) == 0) {
      return; // most calls are state-machine steps nobody listens to
    }
    try {
      SslCallbacks owner = SslOwners.owner(ssl);
      if (owner == null) {
        return;
      }
      if ((where & Ssl.SSL_CB_HANDSHAKE_START) != 0) {
        owner.handshakeStarted();
      }
      // OpenSSL also reports a server's HelloRequest as a whole handshake; only the one it asked for ends it.
      if ((where & Ssl.SSL_CB_HANDSHAKE_DONE) != 0 && !Ssl.renegotiatePending(ssl)) {
        owner.handshakeDone();
      }
    } catch (Throwable t) {
      uncaught(t);
    }
  }

  private static final class PskServer {
    static final MemorySegment STUB = stub("pskServer", MethodType.methodType(int.class, MemorySegment.class,
        MemorySegment.class, MemorySegment.class, int.class), FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER,
        C_POINTER, C_INT));
  }

  /** SSL_psk_server_cb_func: the SSL's owner gives the key of the client's identity; 0 refuses it. */
  static MemorySegment pskServer() {
    return PskServer.STUB;
  }

  @SuppressWarnings("unused") // called from C through the stub
  private static int pskServer(MemorySegment ssl, MemorySegment identity, MemorySegment psk, int maxPskLength) {
    try {
      SslCallbacks owner = SslOwners.owner(ssl);
      byte[] key = owner == null ? null : owner.pskForIdentity(Err.string(identity), maxPskLength);
      if (key == null || key.length > maxPskLength) {
        return 0;
      }
      MemorySegment.copy(key, 0, psk.reinterpret(maxPskLength), ValueLayout.JAVA_BYTE, 0, key.length);
      return key.length;
    } catch (Throwable t) {
      uncaught(t);
      return 0;
    }
  }

  private static final class PskClient {
    static final MemorySegment STUB = stub("pskClient", MethodType.methodType(int.class, MemorySegment.class,
        MemorySegment.class, MemorySegment.class, int.class, MemorySegment.class, int.class),
        FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER, C_INT));
  }

  /** SSL_psk_client_cb_func: the SSL's owner gives its identity (written NUL-terminated) and key; 0 gives none. */
  static MemorySegment pskClient() {
    return PskClient.STUB;
  }

  @SuppressWarnings("unused") // called from C through the stub
  private static int pskClient(MemorySegment ssl, MemorySegment hint, MemorySegment identity, int maxIdentityLength,
      MemorySegment psk, int maxPskLength) {
    try {
      SslCallbacks owner = SslOwners.owner(ssl);
      SslCallbacks.PskAnswer answer = owner == null ? null
          : owner.pskForHint(Err.string(hint), maxIdentityLength, maxPskLength);
      if (answer == null || answer.identity().length > maxIdentityLength || answer.psk().length > maxPskLength) {
        return 0;
      }
      // OpenSSL's identity buffer has room for maxIdentityLength bytes and the NUL.
      MemorySegment id = identity.reinterpret(maxIdentityLength + 1L);
      MemorySegment.copy(answer.identity(), 0, id, ValueLayout.JAVA_BYTE, 0, answer.identity().length);
      id.set(ValueLayout.JAVA_BYTE, answer.identity().length, (byte) 0);
      MemorySegment.copy(answer.psk(), 0, psk.reinterpret(maxPskLength), ValueLayout.JAVA_BYTE, 0, answer.psk().length);
      return answer.psk().length;
    } catch (Throwable t) {
      uncaught(t);
      return 0;
    }
  }

  private static final class NewSession {
    static final MemorySegment STUB = stub("newSession", MethodType.methodType(int.class, MemorySegment.class,
        MemorySegment.class), FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  }

  /** The new-session callback (SSL_CTX_sess_set_new_cb): hands the session's ID and DER form to the SSL's owner. */
  static MemorySegment newSession() {
    return NewSession.STUB;
  }

  /** Returns 0: OpenSSL keeps no extra reference for us, the owner only keeps the bytes. */
  @SuppressWarnings("unused") // called from C through the stub
  private static int newSession(MemorySegment ssl, MemorySegment session) {
    try {
      SslCallbacks owner = SslOwners.owner(ssl);
      if (owner != null && owner.recordsSessions()) {
        byte[] der = SslSession.toDer(session);
        if (der != null) {
          owner.newSession(SslSession.id(session), der);
        }
      }
    } catch (Throwable t) {
      uncaught(t);
    }
    return 0;
  }

  private static final class ClientHello {
    static final MemorySegment STUB = stub("clientHello", MethodType.methodType(int.class, MemorySegment.class,
        MemorySegment.class, MemorySegment.class), FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER));
  }

  private static final int SSL_CLIENT_HELLO_ERROR = 0;

  /** SSL_client_hello_cb_fn: the SSL's owner may pause a server handshake at the ClientHello. */
  static MemorySegment clientHello() {
    return ClientHello.STUB;
  }

  @SuppressWarnings("unused") // called from C through the stub
  private static int clientHello(MemorySegment ssl, MemorySegment alert, MemorySegment arg) {
    try {
      SslCallbacks owner = SslOwners.owner(ssl);
      return owner == null || !owner.watchesClientHello() ? SslCallbacks.CLIENT_HELLO_SUCCESS
          : owner.clientHello(SslSession.helloSessionId(ssl), SslSession.helloOffersTicket(ssl));
    } catch (Throwable t) {
      uncaught(t);
      return SSL_CLIENT_HELLO_ERROR;
    }
  }

  private static final class GetSession {
    static final MemorySegment STUB = stub("getSession", MethodType.methodType(MemorySegment.class,
        MemorySegment.class, MemorySegment.class, int.class, MemorySegment.class),
        FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER));
  }

  /** The get-session callback (SSL_CTX_sess_set_get_cb): the owner hands over the session it looked up. */
  static MemorySegment getSession() {
    return GetSession.STUB;
  }

  /** Sets *copy to 1: OpenSSL takes a reference of its own, the owner frees its own. */
  @SuppressWarnings("unused") // called from C through the stub
  private static MemorySegment getSession(MemorySegment ssl, MemorySegment id, int length, MemorySegment copy) {
    try {
      SslCallbacks owner = SslOwners.owner(ssl);
      if (owner == null) {
        return MemorySegment.NULL;
      }
      MemorySegment session = owner.sessionToResume(id.reinterpret(length).toArray(ValueLayout.JAVA_BYTE));
      copy.reinterpret(C_INT.byteSize()).set(C_INT, 0, 1);
      return session;
    } catch (Throwable t) {
      uncaught(t);
      return MemorySegment.NULL;
    }
  }

  private static final class TicketKey {
    static final MemorySegment STUB = stub("ticketKey", MethodType.methodType(int.class, MemorySegment.class,
        MemorySegment.class, MemorySegment.class, MemorySegment.class, MemorySegment.class, int.class),
        FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_INT));
  }

  private static final MethodHandle SSL_get_SSL_CTX = Lib.ssl("SSL_get_SSL_CTX",
      FunctionDescriptor.of(C_POINTER, C_POINTER));

  /**
   * The ticket-key callback: the keys of the context the connection was made from seal and open its
   * tickets, so a ticket issued after an SNI switch opens on the next ClientHello, which OpenSSL
   * reads before any switch.
   */
  static MemorySegment ticketKey() {
    return TicketKey.STUB;
  }

  @SuppressWarnings("unused") // called from C through the stub
  private static int ticketKey(MemorySegment ssl, MemorySegment keyName, MemorySegment iv, MemorySegment cipherCtx,
      MemorySegment macCtx, int enc) {
    try {
      SslCallbacks owner = SslOwners.owner(ssl);
      MemorySegment ctx = owner != null ? owner.ticketContext() : MemorySegment.NULL;
      if (ctx.equals(MemorySegment.NULL)) {
        ctx = (MemorySegment) SSL_get_SSL_CTX.invokeExact(ssl);
      }
      return TicketKeys.callback(ctx, keyName, iv, cipherCtx, macCtx, enc);
    } catch (Throwable t) {
      uncaught(t);
      return -1;
    }
  }

  private static final class ExDataFree {
    static final MemorySegment STUB = stub("exDataFree", MethodType.methodType(void.class, MemorySegment.class,
        MemorySegment.class, MemorySegment.class, int.class, long.class, MemorySegment.class),
        FunctionDescriptor.ofVoid(C_POINTER, C_POINTER, C_POINTER, C_INT, Lib.C_LONG, C_POINTER));
  }

  /** CRYPTO_EX_free for the SSL_CTX slot of {@link TicketKeys}: the context's key state goes with it. */
  static MemorySegment exDataFree() {
    return ExDataFree.STUB;
  }

  @SuppressWarnings("unused") // called from C through the stub
  private static void exDataFree(MemorySegment parent, MemorySegment value, MemorySegment exData, int index, long argl,
      MemorySegment argp) {
    try {
      TicketKeys.forget(value);
    } catch (Throwable t) {
      uncaught(t);
    }
  }

  private static void uncaught(Throwable t) {
    Thread current = Thread.currentThread();
    current.getUncaughtExceptionHandler().uncaughtException(current, t);
  }

  private static MemorySegment stub(String method, MethodType type, FunctionDescriptor fd) {
    try {
      return Lib.LINKER.upcallStub(MethodHandles.lookup().findStatic(Upcalls.class, method, type), fd, Arena.global());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create upcall " + method, e);
    }
  }
}

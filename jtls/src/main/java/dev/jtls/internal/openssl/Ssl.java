package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_INT;
import static dev.jtls.internal.openssl.Lib.C_LONG;
import static dev.jtls.internal.openssl.Lib.C_POINTER;
import static dev.jtls.internal.openssl.Lib.SIZE_T;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * OpenSSL's SSL area: one TLS connection. SSL_do_handshake, SSL_read, SSL_write and SSL_shutdown
 * may run callbacks into Java, so they are never linked as critical downcalls.
 */
public final class Ssl {
  private static final MethodHandle SSL_new = Lib.ssl("SSL_new", FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle SSL_free = Lib.ssl("SSL_free", FunctionDescriptor.ofVoid(C_POINTER));
  private static final MethodHandle SSL_set_bio = Lib.ssl("SSL_set_bio",
      FunctionDescriptor.ofVoid(C_POINTER, C_POINTER, C_POINTER));
  private static final MethodHandle SSL_set_connect_state = Lib.ssl("SSL_set_connect_state",
      FunctionDescriptor.ofVoid(C_POINTER));
  private static final MethodHandle SSL_set_accept_state = Lib.ssl("SSL_set_accept_state",
      FunctionDescriptor.ofVoid(C_POINTER));
  private static final MethodHandle SSL_do_handshake = Lib.ssl("SSL_do_handshake", FunctionDescriptor.of(C_INT, C_POINTER));
  private static final MethodHandle SSL_read = Lib.ssl("SSL_read", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT));
  private static final MethodHandle SSL_write = Lib.ssl("SSL_write", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT));
  private static final MethodHandle SSL_get_error = Lib.ssl("SSL_get_error", FunctionDescriptor.of(C_INT, C_POINTER, C_INT));
  private static final MethodHandle SSL_key_update = Lib.ssl("SSL_key_update", FunctionDescriptor.of(C_INT, C_POINTER, C_INT));
  private static final MethodHandle SSL_shutdown = Lib.ssl("SSL_shutdown", FunctionDescriptor.of(C_INT, C_POINTER));
  private static final MethodHandle SSL_ctrl = Lib.ssl("SSL_ctrl",
      FunctionDescriptor.of(C_LONG, C_POINTER, C_INT, C_LONG, C_POINTER));
  private static final MethodHandle SSL_get_servername = Lib.ssl("SSL_get_servername",
      FunctionDescriptor.of(C_POINTER, C_POINTER, C_INT));
  private static final MethodHandle SSL_get_verify_result = Lib.ssl("SSL_get_verify_result",
      FunctionDescriptor.of(C_LONG, C_POINTER));
  private static final MethodHandle SSL_set_verify = Lib.ssl("SSL_set_verify",
      FunctionDescriptor.ofVoid(C_POINTER, C_INT, C_POINTER));
  private static final MethodHandle SSL_get1_peer_certificate = Lib.ssl("SSL_get1_peer_certificate",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle SSL_get_peer_cert_chain = Lib.ssl("SSL_get_peer_cert_chain",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle SSL_get_certificate = Lib.ssl("SSL_get_certificate",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle SSL_get_finished = Lib.ssl("SSL_get_finished",
      FunctionDescriptor.of(SIZE_T, C_POINTER, C_POINTER, SIZE_T));
  private static final MethodHandle SSL_get_peer_finished = Lib.ssl("SSL_get_peer_finished",
      FunctionDescriptor.of(SIZE_T, C_POINTER, C_POINTER, SIZE_T));
  private static final MethodHandle SSL_export_keying_material = Lib.ssl("SSL_export_keying_material",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, SIZE_T, C_POINTER, SIZE_T, C_POINTER, SIZE_T, C_INT));
  private static final MethodHandle SSL_session_reused = Lib.ssl("SSL_session_reused",
      FunctionDescriptor.of(C_INT, C_POINTER));
  private static final MethodHandle SSL_set_alpn_protos = Lib.ssl("SSL_set_alpn_protos",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT));
  private static final MethodHandle SSL_get0_alpn_selected = Lib.ssl("SSL_get0_alpn_selected",
      FunctionDescriptor.ofVoid(C_POINTER, C_POINTER, C_POINTER));
  private static final MethodHandle SSL_set_cert_cb = Lib.ssl("SSL_set_cert_cb",
      FunctionDescriptor.ofVoid(C_POINTER, C_POINTER, C_POINTER));
  private static final MethodHandle SSL_set_SSL_CTX = Lib.ssl("SSL_set_SSL_CTX",
      FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER));
  private static final MethodHandle SSL_use_certificate = Lib.ssl("SSL_use_certificate",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  private static final MethodHandle SSL_set_session_id_context = Lib.ssl("SSL_set_session_id_context",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT));
  private static final MethodHandle SSL_get_SSL_CTX = Lib.ssl("SSL_get_SSL_CTX", FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle SSL_CTX_get_cert_store = Lib.ssl("SSL_CTX_get_cert_store",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle SSL_get_current_cipher = Lib.ssl("SSL_get_current_cipher",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle SSL_CIPHER_get_auth_nid = Lib.ssl("SSL_CIPHER_get_auth_nid",
      FunctionDescriptor.of(C_INT, C_POINTER));
  private static final MethodHandle SSL_CIPHER_get_name = Lib.ssl("SSL_CIPHER_get_name",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle SSL_CIPHER_standard_name = Lib.ssl("SSL_CIPHER_standard_name",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle SSL_CIPHER_get_version = Lib.ssl("SSL_CIPHER_get_version",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle SSL_get_version = Lib.ssl("SSL_get_version", FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle SSL_set_psk_server_callback = Lib.ssl("SSL_set_psk_server_callback",
      FunctionDescriptor.ofVoid(C_POINTER, C_POINTER));
  private static final MethodHandle SSL_set_psk_client_callback = Lib.ssl("SSL_set_psk_client_callback",
      FunctionDescriptor.ofVoid(C_POINTER, C_POINTER));
  private static final MethodHandle SSL_use_psk_identity_hint = Lib.ssl("SSL_use_psk_identity_hint",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  private static final MethodHandle SSL_set_msg_callback = Lib.ssl("SSL_set_msg_callback",
      FunctionDescriptor.ofVoid(C_POINTER, C_POINTER));
  /** OpenSSL's own protocol tracer, absent from builds without ssl-trace; it has the message callback's signature. */
  private static final Optional<MemorySegment> SSL_TRACE = Lib.function("SSL_trace");
  private static final int SSL_CTRL_SET_MSG_CALLBACK_ARG = 16;
  private static final MethodHandle SSL_set_info_callback = Lib.ssl("SSL_set_info_callback",
      FunctionDescriptor.ofVoid(C_POINTER, C_POINTER));
  private static final MethodHandle SSL_renegotiate = Lib.ssl("SSL_renegotiate", FunctionDescriptor.of(C_INT, C_POINTER));
  private static final MethodHandle SSL_renegotiate_pending = Lib.ssl("SSL_renegotiate_pending",
      FunctionDescriptor.of(C_INT, C_POINTER));
  private static final MethodHandle SSL_set_options = Lib.ssl("SSL_set_options",
      FunctionDescriptor.of(C_LONG, C_POINTER, C_LONG));
  private static final MethodHandle SSL_is_init_finished = Lib.ssl("SSL_is_init_finished",
      FunctionDescriptor.of(C_INT, C_POINTER));

  public static final int SSL_ERROR_NONE = 0;
  public static final int SSL_ERROR_SSL = 1;
  public static final int SSL_ERROR_WANT_READ = 2;
  public static final int SSL_ERROR_WANT_WRITE = 3;
  public static final int SSL_ERROR_WANT_X509_LOOKUP = 4;
  public static final int SSL_ERROR_SYSCALL = 5;
  public static final int SSL_ERROR_ZERO_RETURN = 6;

  public static final int SSL_VERIFY_NONE = 0x00;
  public static final int SSL_VERIFY_PEER = 0x01;
  public static final int SSL_VERIFY_FAIL_IF_NO_PEER_CERT = 0x02;

  /** Info callback {@code where} bits (ssl.h). */
  public static final int SSL_CB_HANDSHAKE_START = 0x10;
  public static final int SSL_CB_HANDSHAKE_DONE = 0x20;
  /** A renegotiation the server asks for is a full handshake, so it can ask for a client certificate again. */
  public static final long SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION = 1L << 16;

  private static final int SSL_CTRL_MODE = 33;
  private static final int SSL_CTRL_SET_READ_AHEAD = 41;
  private static final int SSL_CTRL_SET_MAX_SEND_FRAGMENT = 52;
  private static final int SSL_CTRL_SET_TLSEXT_HOSTNAME = 55;
  private static final int TLSEXT_NAMETYPE_host_name = 0;
  public static final long SSL_MODE_ENABLE_PARTIAL_WRITE = 0x1;
  public static final long SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER = 0x2;
  public static final long SSL_MODE_RELEASE_BUFFERS = 0x10;

  private Ssl() {}

  /**
   * A new SSL for {@code ctx} with two memory BIOs (network in, network out) attached; the SSL
   * owns the BIOs. Returns the owned SSL; the BIOs are read back with {@link #rbio}/{@link #wbio}.
   */
  public static Owned newWithMemoryBios(MemorySegment ctx, MemorySegment[] biosOut) {
    try {
      Err.clear();
      MemorySegment ssl = (MemorySegment) SSL_new.invokeExact(ctx);
      if (ssl.equals(MemorySegment.NULL)) {
        throw new OutOfMemoryError("SSL_new failed: " + Err.drain());
      }
      Owned owned = Owned.of(ssl, LiveNatives.Kind.SSL, SSL_free);
      MemorySegment rbio = Bio.newMemForSsl();
      MemorySegment wbio = Bio.newMemForSsl();
      Bio.setRetryOnEmpty(rbio);
      Bio.setRetryOnEmpty(wbio);
      SSL_set_bio.invokeExact(ssl, rbio, wbio);
      biosOut[0] = rbio;
      biosOut[1] = wbio;
      return owned;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  public static void setConnectState(MemorySegment ssl) {
    try {
      SSL_set_connect_state.invokeExact(ssl);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  public static void setAcceptState(MemorySegment ssl) {
    try {
      SSL_set_accept_state.invokeExact(ssl);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  public static int doHandshake(MemorySegment ssl) {
    try {
      return (int) SSL_do_handshake.invokeExact(ssl);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  public static int read(MemorySegment ssl, MemorySegment buf, int len) {
    try {
      return (int) SSL_read.invokeExact(ssl, buf, len);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  public static int write(MemorySegment ssl, MemorySegment buf, int len) {
    try {
      return (int) SSL_write.invokeExact(ssl, buf, len);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  public static int getError(MemorySegment ssl, int ret) {
    try {
      return (int) SSL_get_error.invokeExact(ssl, ret);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  public static int shutdown(MemorySegment ssl) {
    try {
      return (int) SSL_shutdown.invokeExact(ssl);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_set_mode (a macro over SSL_ctrl). */
  public static void setMode(MemorySegment ssl, long mode) {
    ctrl(ssl, SSL_CTRL_MODE, mode, MemorySegment.NULL);
  }

  /**
   * SSL_set_read_ahead: each read of the input BIO takes all it holds (up to a record buffer), so a
   * BIO over lent memory is emptied by the first SSL call rather than a record at a time.
   */
  public static void setReadAhead(MemorySegment ssl) {
    ctrl(ssl, SSL_CTRL_SET_READ_AHEAD, 1, MemorySegment.NULL);
  }

  /** SSL_set_tlsext_host_name (a macro over SSL_ctrl): the SNI name a client sends. */
  public static boolean setHostName(MemorySegment ssl, MemorySegment name) {
    return ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, name) == 1;
  }

  /** SSL_get_servername: the SNI name sent (client) or received (server), or null. */
  public static String servername(MemorySegment ssl) {
    try {
      return Err.string((MemorySegment) SSL_get_servername.invokeExact(ssl, TLSEXT_NAMETYPE_host_name));
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  public static long verifyResult(MemorySegment ssl) {
    try {
      return (long) SSL_get_verify_result.invokeExact(ssl);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_set_verify with jtls's process-wide callback, which defers the verdict to Java code after the handshake. */
  public static void setVerify(MemorySegment ssl, int mode) {
    try {
      SSL_set_verify.invokeExact(ssl, mode, Upcalls.acceptVerify());
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** The peer's certificate as an owned reference, or null when it sent none. */
  public static Owned peerCertificate(MemorySegment ssl) {
    try {
      MemorySegment x = (MemorySegment) SSL_get1_peer_certificate.invokeExact(ssl);
      return x.equals(MemorySegment.NULL) ? null : X509.own(x);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** The peer's chain (borrowed STACK_OF(X509)*), or NULL. */
  public static MemorySegment peerCertChain(MemorySegment ssl) {
    return pointer(SSL_get_peer_cert_chain, ssl);
  }

  /** The local certificate in use (borrowed), or NULL. */
  public static MemorySegment certificate(MemorySegment ssl) {
    return pointer(SSL_get_certificate, ssl);
  }

  /** The trust store of the SSL's context (borrowed). */
  public static MemorySegment certStore(MemorySegment ssl) {
    return pointer(SSL_CTX_get_cert_store, pointer(SSL_get_SSL_CTX, ssl));
  }

  /** SSL_get_SSL_CTX: the context the SSL currently uses (borrowed). */
  public static MemorySegment sslCtx(MemorySegment ssl) {
    return pointer(SSL_get_SSL_CTX, ssl);
  }

  /** SSL_get_version: "TLSv1.3", ..., or "unknown" before a version was negotiated. */
  public static String version(MemorySegment ssl) {
    return Err.string(pointer(SSL_get_version, ssl));
  }

  /** The current cipher's OpenSSL name, IANA name and protocol version, or null before one is chosen. */
  public static String[] cipher(MemorySegment ssl) {
    MemorySegment c = pointer(SSL_get_current_cipher, ssl);
    if (c.equals(MemorySegment.NULL)) {
      return null;
    }
    return new String[] {
        Err.string(pointer(SSL_CIPHER_get_name, c)),
        Err.string(pointer(SSL_CIPHER_standard_name, c)),
        Err.string(pointer(SSL_CIPHER_get_version, c))};
  }

  private static final int NID_AUTH_PSK = 1048;

  /**
   * Whether the peer was authenticated by a pre-shared key rather than a certificate: a PSK cipher
   * (TLSv1.2 and before), or a TLSv1.3 handshake that OpenSSL reports as resumed (a TLSv1.3 PSK,
   * external or from a ticket, looks like a resumption), as Node's VerifyPeerCertificate tells them.
   */
  public static boolean pskAuthenticated(MemorySegment ssl) {
    try {
      MemorySegment c = pointer(SSL_get_current_cipher, ssl);
      if (!c.equals(MemorySegment.NULL) && (int) SSL_CIPHER_get_auth_nid.invokeExact(c) == NID_AUTH_PSK) {
        return true;
      }
      return "TLSv1.3".equals(version(ssl)) && sessionReused(ssl);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  public static boolean isInitFinished(MemorySegment ssl) {
    try {
      return (int) SSL_is_init_finished.invokeExact(ssl) == 1;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_set_alpn_protos: the protocols a client offers, in ALPN wire form. */
  public static void setAlpnProtos(MemorySegment ssl, byte[] wire) {
    try (Arena arena = Arena.ofConfined()) {
      // Unlike most of OpenSSL, 0 means success here.
      if ((int) SSL_set_alpn_protos.invokeExact(ssl, arena.allocateFrom(ValueLayout.JAVA_BYTE, wire), wire.length) != 0) {
        throw new IllegalStateException("SSL_set_alpn_protos failed");
      }
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /**
   * A server asks its owner for the key of each PSK identity a client names
   * ({@link SslCallbacks#pskForIdentity}), and sends {@code hint} (null for none) in TLSv1.2;
   * false when OpenSSL refused the hint (longer than 256 bytes with OpenSSL 3.0).
   */
  public static boolean enablePskServer(MemorySegment ssl, String hint) {
    try {
      SSL_set_psk_server_callback.invokeExact(ssl, Upcalls.pskServer());
      if (hint == null) {
        return true;
      }
      try (Arena arena = Arena.ofConfined()) {
        return (int) SSL_use_psk_identity_hint.invokeExact(ssl, arena.allocateFrom(hint)) == 1;
      }
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** A client asks its owner for its PSK identity and key ({@link SslCallbacks#pskForHint}). */
  public static void enablePskClient(MemorySegment ssl) {
    try {
      SSL_set_psk_client_callback.invokeExact(ssl, Upcalls.pskClient());
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /**
   * Writes every TLS message of {@code ssl} from now on to {@code bio} in the format of
   * {@code openssl s_client -trace}: SSL_trace as the message callback, called by OpenSSL itself
   * (no upcall). False when this OpenSSL was built without SSL_trace.
   */
  public static boolean trace(MemorySegment ssl, MemorySegment bio) {
    if (SSL_TRACE.isEmpty()) {
      return false;
    }
    try {
      SSL_set_msg_callback.invokeExact(ssl, SSL_TRACE.get());
      ctrl(ssl, SSL_CTRL_SET_MSG_CALLBACK_ARG, 0, bio);
      return true;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** The ALPN protocol both ends agreed on, or null. */
  public static String alpnSelected(MemorySegment ssl) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment data = arena.allocate(C_POINTER);
      MemorySegment length = arena.allocate(C_INT);
      SSL_get0_alpn_selected.invokeExact(ssl, data, length);
      int n = length.get(C_INT, 0);
      MemorySegment p = data.get(C_POINTER, 0);
      return n == 0 || p.equals(MemorySegment.NULL) ? null
          : new String(p.reinterpret(n).toArray(ValueLayout.JAVA_BYTE), java.nio.charset.StandardCharsets.ISO_8859_1);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** Lets the SSL's owner pause a server handshake before the certificate is chosen (see SslCallbacks). */
  public static void enableCertCallback(MemorySegment ssl) {
    try {
      SSL_set_cert_cb.invokeExact(ssl, Upcalls.certCallback(), MemorySegment.NULL);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_set_SSL_CTX: serve this connection from {@code ctx} (its certificate, key and trust), as SNI asks. */
  public static void setSslCtx(MemorySegment ssl, MemorySegment ctx) {
    try {
      if (((MemorySegment) SSL_set_SSL_CTX.invokeExact(ssl, ctx)).equals(MemorySegment.NULL)) {
        throw new OutOfMemoryError("SSL_set_SSL_CTX failed");
      }
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_use_certificate: this connection serves {@code x509}; false (with the reason queued) when it cannot. */
  public static boolean useCertificate(MemorySegment ssl, MemorySegment x509) {
    try {
      return (int) SSL_use_certificate.invokeExact(ssl, x509) == 1;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_set_session_id_context: the context sessions of this connection are bound to. */
  public static void setSessionIdContext(MemorySegment ssl, byte[] sidCtx) {
    try (Arena arena = Arena.ofConfined()) {
      if ((int) SSL_set_session_id_context.invokeExact(ssl, arena.allocateFrom(ValueLayout.JAVA_BYTE, sidCtx),
          sidCtx.length) != 1) {
        throw new IllegalArgumentException("SSL_set_session_id_context failed for " + sidCtx.length + " bytes");
      }
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_get_finished: the latest Finished message this end sent, or null before there is one. */
  public static byte[] finished(MemorySegment ssl) {
    return finishedMessage(SSL_get_finished, ssl);
  }

  /** SSL_get_peer_finished: the latest Finished message expected or received from the peer, or null. */
  public static byte[] peerFinished(MemorySegment ssl) {
    return finishedMessage(SSL_get_peer_finished, ssl);
  }

  /**
   * SSL_export_keying_material (RFC 5705 / 8446 exporters); {@code context} null means none.
   * Returns null when OpenSSL refuses (Err holds why).
   */
  public static byte[] exportKeyingMaterial(MemorySegment ssl, int length, byte[] label, byte[] context) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(Math.max(1, length));
      MemorySegment labelSegment = arena.allocateFrom(ValueLayout.JAVA_BYTE, label);
      MemorySegment contextSegment = context == null ? MemorySegment.NULL
          : arena.allocateFrom(ValueLayout.JAVA_BYTE, context.length == 0 ? new byte[1] : context);
      int ok = (int) SSL_export_keying_material.invokeExact(ssl, out, (long) length, labelSegment,
          (long) label.length, contextSegment, context == null ? 0L : (long) context.length, context == null ? 0 : 1);
      return ok == 1 ? out.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE) : null;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_session_reused. */
  public static boolean sessionReused(MemorySegment ssl) {
    try {
      return (int) SSL_session_reused.invokeExact(ssl) == 1;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_set_max_send_fragment (a macro over SSL_ctrl): true when OpenSSL accepted the size (512..16384). */
  public static boolean setMaxSendFragment(MemorySegment ssl, long size) {
    return ctrl(ssl, SSL_CTRL_SET_MAX_SEND_FRAGMENT, size, MemorySegment.NULL) == 1;
  }

  private static byte[] finishedMessage(MethodHandle getter, MemorySegment ssl) {
    try (Arena arena = Arena.ofConfined()) {
      // Finished messages are at most EVP_MAX_MD_SIZE (64) bytes.
      MemorySegment buf = arena.allocate(64);
      long length = (long) getter.invokeExact(ssl, buf, 64L);
      return length == 0 ? null : buf.asSlice(0, Math.min(length, 64)).toArray(ValueLayout.JAVA_BYTE);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  private static long ctrl(MemorySegment ssl, int cmd, long larg, MemorySegment parg) {
    try {
      return (long) SSL_ctrl.invokeExact(ssl, cmd, larg, parg);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  private static MemorySegment pointer(MethodHandle getter, MemorySegment arg) {
    try {
      return (MemorySegment) getter.invokeExact(arg);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_key_update's type: the peer must update its sending keys too. */
  public static final int SSL_KEY_UPDATE_REQUESTED = 1;

  /** SSL_key_update: a TLSv1.3 KeyUpdate goes out with the next write or handshake call; false when refused. */
  public static boolean keyUpdate(MemorySegment ssl, int updateType) {
    try {
      return (int) SSL_key_update.invokeExact(ssl, updateType) == 1;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** Reports handshake starts and ends of {@code ssl} to its owner (SslCallbacks), through the process-wide stub. */
  public static void enableInfoCallback(MemorySegment ssl) {
    try {
      SSL_set_info_callback.invokeExact(ssl, Upcalls.info());
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_renegotiate: schedules a TLSv1.2 renegotiation; false (Err holds why) when it cannot be, as under TLSv1.3. */
  public static boolean renegotiate(MemorySegment ssl) {
    try {
      return (int) SSL_renegotiate.invokeExact(ssl) == 1;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_renegotiate_pending: a renegotiation was asked for and has not completed yet. */
  public static boolean renegotiatePending(MemorySegment ssl) {
    try {
      return (int) SSL_renegotiate_pending.invokeExact(ssl) == 1;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_set_options: adds option bits to this connection only; returns its new option set. */
  public static long setOptions(MemorySegment ssl, long options) {
    try {
      return (long) SSL_set_options.invokeExact(ssl, options);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }
}

package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_INT;
import static dev.jtls.internal.openssl.Lib.C_LONG;
import static dev.jtls.internal.openssl.Lib.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenSSL's SSL_CTX area: creating a context and configuring what every connection made from it
 * inherits. The {@code SSL_CTX_set_*} macros of ssl.h are written here over {@code SSL_CTX_ctrl}.
 */
public final class SslCtx {
  private static final MethodHandle TLS_method = Lib.ssl("TLS_method", FunctionDescriptor.of(C_POINTER));
  private static final MethodHandle SSL_CTX_new = Lib.ssl("SSL_CTX_new", FunctionDescriptor.of(C_POINTER, C_POINTER));
  static final MethodHandle SSL_CTX_free = Lib.ssl("SSL_CTX_free", FunctionDescriptor.ofVoid(C_POINTER));
  private static final MethodHandle SSL_CTX_ctrl = Lib.ssl("SSL_CTX_ctrl",
      FunctionDescriptor.of(C_LONG, C_POINTER, C_INT, C_LONG, C_POINTER));
  private static final MethodHandle SSL_CTX_set_options = Lib.ssl("SSL_CTX_set_options",
      FunctionDescriptor.of(C_LONG, C_POINTER, C_LONG));
  private static final MethodHandle SSL_CTX_get_options = Lib.ssl("SSL_CTX_get_options",
      FunctionDescriptor.of(C_LONG, C_POINTER));
  private static final MethodHandle SSL_CTX_use_certificate = Lib.ssl("SSL_CTX_use_certificate",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  private static final MethodHandle SSL_CTX_get0_certificate = Lib.ssl("SSL_CTX_get0_certificate",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle SSL_CTX_use_PrivateKey = Lib.ssl("SSL_CTX_use_PrivateKey",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  private static final MethodHandle SSL_CTX_set_ciphersuites = Lib.ssl("SSL_CTX_set_ciphersuites",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  private static final MethodHandle SSL_CTX_set_cipher_list = Lib.ssl("SSL_CTX_set_cipher_list",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  private static final MethodHandle SSL_CTX_get_ciphers = Lib.ssl("SSL_CTX_get_ciphers",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle SSL_CIPHER_get_name = Lib.ssl("SSL_CIPHER_get_name",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle SSL_CTX_get_cert_store = Lib.ssl("SSL_CTX_get_cert_store",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle SSL_CTX_set_cert_store = Lib.ssl("SSL_CTX_set_cert_store",
      FunctionDescriptor.ofVoid(C_POINTER, C_POINTER));
  private static final MethodHandle SSL_CTX_add_client_CA = Lib.ssl("SSL_CTX_add_client_CA",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  private static final MethodHandle SSL_CTX_set_alpn_select_cb = Lib.ssl("SSL_CTX_set_alpn_select_cb",
      FunctionDescriptor.ofVoid(C_POINTER, C_POINTER, C_POINTER));
  private static final MethodHandle SSL_CTX_set_keylog_callback = Lib.ssl("SSL_CTX_set_keylog_callback",
      FunctionDescriptor.ofVoid(C_POINTER, C_POINTER));
  private static final MethodHandle SSL_CTX_set_session_id_context = Lib.ssl("SSL_CTX_set_session_id_context",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT));
  private static final MethodHandle SSL_CTX_set_timeout = Lib.ssl("SSL_CTX_set_timeout",
      FunctionDescriptor.of(C_LONG, C_POINTER, C_LONG));
  private static final MethodHandle SSL_CTX_get_timeout = Lib.ssl("SSL_CTX_get_timeout",
      FunctionDescriptor.of(C_LONG, C_POINTER));

  // ssl.h / prov_ssl.h constants.
  public static final int TLS1_VERSION = 0x0301;
  public static final int TLS1_1_VERSION = 0x0302;
  public static final int TLS1_2_VERSION = 0x0303;
  public static final int TLS1_3_VERSION = 0x0304;
  public static final long SSL_OP_ALLOW_CLIENT_RENEGOTIATION = 1L << 8;
  public static final long SSL_OP_NO_SSLv3 = 1L << 25;
  public static final long SSL_OP_CIPHER_SERVER_PREFERENCE = 1L << 22;
  public static final long SSL_MODE_NO_AUTO_CHAIN = 0x08;
  public static final long SSL_MODE_RELEASE_BUFFERS = 0x10;
  public static final long SSL_SESS_CACHE_CLIENT = 0x0001;
  public static final long SSL_SESS_CACHE_SERVER = 0x0002;
  public static final long SSL_SESS_CACHE_NO_AUTO_CLEAR = 0x0080;
  public static final long SSL_SESS_CACHE_NO_INTERNAL = 0x0100 | 0x0200;

  private static final int SSL_CTRL_MODE = 33;
  private static final int SSL_CTRL_SET_SESS_CACHE_MODE = 44;
  private static final int SSL_CTRL_GET_SESS_CACHE_MODE = 45;
  private static final int SSL_CTRL_CLEAR_MODE = 78;
  private static final int SSL_CTRL_CLEAR_EXTRA_CHAIN_CERTS = 83;
  private static final int SSL_CTRL_GET_CHAIN_CERTS = 115;
  private static final int SSL_CTRL_CHAIN_CERT = 89;
  private static final int SSL_CTRL_SET_GROUPS_LIST = 92;
  private static final int SSL_CTRL_SET_SIGALGS_LIST = 98;
  private static final int SSL_CTRL_SET_MIN_PROTO_VERSION = 123;
  private static final int SSL_CTRL_SET_MAX_PROTO_VERSION = 124;
  private static final int SSL_CTRL_GET_MIN_PROTO_VERSION = 130;
  private static final int SSL_CTRL_GET_MAX_PROTO_VERSION = 131;

  private SslCtx() {}

  /** SSL_CTX_new(TLS_method()): a new, owned context; null when OpenSSL fails (its error is queued). */
  public static Owned newTls() {
    try {
      MemorySegment ctx = (MemorySegment) SSL_CTX_new.invokeExact((MemorySegment) TLS_method.invokeExact());
      return ctx.equals(MemorySegment.NULL) ? null : Owned.of(ctx, LiveNatives.Kind.SSL_CTX, SSL_CTX_free);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_CTX_set_options: adds option bits; returns the new option set. */
  public static long setOptions(MemorySegment ctx, long options) {
    try {
      return (long) SSL_CTX_set_options.invokeExact(ctx, options);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_CTX_get_options. */
  public static long options(MemorySegment ctx) {
    try {
      return (long) SSL_CTX_get_options.invokeExact(ctx);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_CTX_set_mode: adds mode bits; returns the new mode. */
  public static long setMode(MemorySegment ctx, long mode) {
    return ctrl(ctx, SSL_CTRL_MODE, mode, MemorySegment.NULL);
  }

  /** SSL_CTX_clear_mode: removes mode bits; returns the new mode. */
  public static long clearMode(MemorySegment ctx, long mode) {
    return ctrl(ctx, SSL_CTRL_CLEAR_MODE, mode, MemorySegment.NULL);
  }

  /** SSL_CTX_get_mode. */
  public static long mode(MemorySegment ctx) {
    return ctrl(ctx, SSL_CTRL_MODE, 0, MemorySegment.NULL);
  }

  /** SSL_CTX_set_session_cache_mode; returns the previous mode. */
  public static long setSessionCacheMode(MemorySegment ctx, long mode) {
    return ctrl(ctx, SSL_CTRL_SET_SESS_CACHE_MODE, mode, MemorySegment.NULL);
  }

  /** SSL_CTX_get_session_cache_mode. */
  public static long sessionCacheMode(MemorySegment ctx) {
    return ctrl(ctx, SSL_CTRL_GET_SESS_CACHE_MODE, 0, MemorySegment.NULL);
  }

  /** SSL_CTX_set_min_proto_version; true on success. */
  public static boolean setMinProtoVersion(MemorySegment ctx, int version) {
    return ctrl(ctx, SSL_CTRL_SET_MIN_PROTO_VERSION, version, MemorySegment.NULL) == 1;
  }

  /** SSL_CTX_set_max_proto_version; true on success. */
  public static boolean setMaxProtoVersion(MemorySegment ctx, int version) {
    return ctrl(ctx, SSL_CTRL_SET_MAX_PROTO_VERSION, version, MemorySegment.NULL) == 1;
  }

  /** SSL_CTX_get_min_proto_version (0: no limit). */
  public static int minProtoVersion(MemorySegment ctx) {
    return (int) ctrl(ctx, SSL_CTRL_GET_MIN_PROTO_VERSION, 0, MemorySegment.NULL);
  }

  /** SSL_CTX_get_max_proto_version (0: no limit). */
  public static int maxProtoVersion(MemorySegment ctx) {
    return (int) ctrl(ctx, SSL_CTRL_GET_MAX_PROTO_VERSION, 0, MemorySegment.NULL);
  }

  /** SSL_CTX_get0_certificate: whether the context has a certificate of its own. */
  public static boolean hasCertificate(MemorySegment ctx) {
    try {
      return !((MemorySegment) SSL_CTX_get0_certificate.invokeExact(ctx)).equals(MemorySegment.NULL);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_CTX_use_certificate: the context takes its own reference to {@code x509}. */
  public static boolean useCertificate(MemorySegment ctx, MemorySegment x509) {
    try {
      return (int) SSL_CTX_use_certificate.invokeExact(ctx, x509) == 1;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_CTX_use_PrivateKey: the context takes its own reference to {@code pkey}. */
  public static boolean usePrivateKey(MemorySegment ctx, MemorySegment pkey) {
    try {
      return (int) SSL_CTX_use_PrivateKey.invokeExact(ctx, pkey) == 1;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_CTX_clear_extra_chain_certs. */
  public static void clearExtraChainCerts(MemorySegment ctx) {
    ctrl(ctx, SSL_CTRL_CLEAR_EXTRA_CHAIN_CERTS, 0, MemorySegment.NULL);
  }

  /** SSL_CTX_add1_chain_cert: appends to the chain of the current certificate, taking its own reference. */
  public static boolean add1ChainCert(MemorySegment ctx, MemorySegment x509) {
    return ctrl(ctx, SSL_CTRL_CHAIN_CERT, 1, x509) == 1;
  }

  /** The number of chain certificates of the current certificate (SSL_CTX_get0_chain_certs). */
  public static int chainCertCount(MemorySegment ctx) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(C_POINTER);
      ctrl(ctx, SSL_CTRL_GET_CHAIN_CERTS, 0, out);
      return Stack.num(out.get(C_POINTER, 0));
    }
  }

  /** SSL_CTX_set_ciphersuites (TLSv1.3 suites); true on success. */
  public static boolean setCiphersuites(MemorySegment ctx, String suites) {
    try (Arena arena = Arena.ofConfined()) {
      return (int) SSL_CTX_set_ciphersuites.invokeExact(ctx, arena.allocateFrom(suites)) == 1;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_CTX_set_cipher_list (TLSv1.2 and below); true on success. */
  public static boolean setCipherList(MemorySegment ctx, String list) {
    try (Arena arena = Arena.ofConfined()) {
      return (int) SSL_CTX_set_cipher_list.invokeExact(ctx, arena.allocateFrom(list)) == 1;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** The names of the context's enabled ciphers, TLSv1.3 suites first, in preference order. */
  public static List<String> cipherNames(MemorySegment ctx) {
    try {
      MemorySegment stack = (MemorySegment) SSL_CTX_get_ciphers.invokeExact(ctx);
      int n = Stack.num(stack);
      List<String> names = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        names.add(Err.string((MemorySegment) SSL_CIPHER_get_name.invokeExact(Stack.value(stack, i))));
      }
      return names;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_CTX_get_cert_store: borrowed, valid while the context lives and keeps that store. */
  public static MemorySegment certStore(MemorySegment ctx) {
    try {
      return (MemorySegment) SSL_CTX_get_cert_store.invokeExact(ctx);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /**
   * SSL_CTX_set_cert_store: the context takes over one reference to {@code store} (and frees its
   * previous store).
   */
  public static void setCertStore(MemorySegment ctx, MemorySegment store) {
    try {
      SSL_CTX_set_cert_store.invokeExact(ctx, store);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_CTX_add_client_CA: adds the certificate's subject to the CA names sent to clients. */
  public static boolean addClientCa(MemorySegment ctx, MemorySegment x509) {
    try {
      return (int) SSL_CTX_add_client_CA.invokeExact(ctx, x509) == 1;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /**
   * Points the context's ALPN selection at the process-wide stub that asks each SSL's owner. Set
   * once when the context is made: every connection of the context, and every connection SNI moves
   * onto it, finds it; the owner decides what to answer.
   */
  public static void routeCallbacksToOwners(MemorySegment ctx) {
    try {
      SSL_CTX_set_alpn_select_cb.invokeExact(ctx, Upcalls.alpnSelect(), MemorySegment.NULL);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /**
   * Routes the key log lines of the context's connections to their owners from now on, for good, as
   * Node's enableKeylogCallback does. Only the first listener arms it: while a context has no key log
   * callback OpenSSL does not format the lines at all (a few hundred sprintf calls per handshake),
   * and OpenSSL asks the SSL's current context (SNI's, after a switch), which is why an SSL cannot
   * choose for itself. Owners that do not listen still drop the lines in the callback.
   */
  public static void routeKeylogToOwners(MemorySegment ctx) {
    try {
      SSL_CTX_set_keylog_callback.invokeExact(ctx, Upcalls.keylog());
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_CTX_set_session_id_context; false when it is longer than 32 bytes (OpenSSL's error queued). */
  public static boolean setSessionIdContext(MemorySegment ctx, byte[] sidCtx) {
    try (Arena arena = Arena.ofConfined()) {
      return (int) SSL_CTX_set_session_id_context.invokeExact(ctx, arena.allocateFrom(ValueLayout.JAVA_BYTE, sidCtx),
          sidCtx.length) == 1;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_CTX_set1_groups_list (the ECDH curves); false when a name is unknown (OpenSSL's error queued). */
  public static boolean setGroupsList(MemorySegment ctx, String groups) {
    try (Arena arena = Arena.ofConfined()) {
      return ctrl(ctx, SSL_CTRL_SET_GROUPS_LIST, 0, arena.allocateFrom(groups)) == 1;
    }
  }

  /** SSL_CTX_set1_sigalgs_list; false when the list is not understood. */
  public static boolean setSigalgsList(MemorySegment ctx, String sigalgs) {
    try (Arena arena = Arena.ofConfined()) {
      return ctrl(ctx, SSL_CTRL_SET_SIGALGS_LIST, 0, arena.allocateFrom(sigalgs)) == 1;
    }
  }

  /** SSL_CTX_set_timeout: how long sessions of this context may be resumed, in seconds; returns the previous value. */
  public static long setTimeout(MemorySegment ctx, long seconds) {
    try {
      return (long) SSL_CTX_set_timeout.invokeExact(ctx, seconds);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** SSL_CTX_get_timeout, in seconds. */
  public static long timeout(MemorySegment ctx) {
    try {
      return (long) SSL_CTX_get_timeout.invokeExact(ctx);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  private static long ctrl(MemorySegment ctx, int cmd, long larg, MemorySegment parg) {
    try {
      return (long) SSL_CTX_ctrl.invokeExact(ctx, cmd, larg, parg);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }
}

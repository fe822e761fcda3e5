package dev.jtls.tls;

import dev.jtls.events.NodeError;
import dev.jtls.internal.openssl.Bio;
import dev.jtls.internal.openssl.Err;
import dev.jtls.internal.openssl.Lib;
import dev.jtls.internal.openssl.Owned;
import dev.jtls.internal.openssl.Pem;
import dev.jtls.internal.openssl.Ssl;
import dev.jtls.internal.openssl.SslCtx;
import dev.jtls.internal.openssl.TicketKeys;
import dev.jtls.internal.openssl.X509Crl;
import dev.jtls.internal.openssl.X509Store;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Node's {@code SecureContext}: an OpenSSL {@code SSL_CTX} configured from the options of
 * {@code tls.createSecureContext()} (keys, certificate chains, trusted CAs, ciphers, protocol
 * versions), from which connections are made. It has no public methods in Node; here it can be
 * closed to free the {@code SSL_CTX} at once instead of when it becomes unreachable.
 *
 * <p>It is configured completely when it is made, callbacks included, and never changed after, so
 * any loop or thread may make connections from it. Each connection's SSL holds its own reference
 * to the {@code SSL_CTX} ({@code SSL_new} and {@code SSL_set_SSL_CTX} take one), and {@link #close()}
 * drops this object's reference only once no connection is being made from it on another thread.
 */
public final class SecureContext implements AutoCloseable {
  /** {@link #users}' flag: close() was called; the rest of the value counts SSLs being made. */
  private static final long CLOSED = 1L << 62;
  private static final byte[] NO_SESSION_ID_CONTEXT = new byte[0];

  private static final int ERR_LIB_PEM = 9;
  private static final int PEM_R_NO_START_LINE = 108;
  private static final int SSL_R_NO_CIPHER_MATCH = 185;
  private static final long ERR_REASON_MASK = 0x7FFFFF;

  private final Owned ctx;
  private final AtomicLong users = new AtomicLong();
  private final byte[] sessionIdContext;

  private SecureContext(Owned ctx, byte[] sessionIdContext) {
    this.ctx = ctx;
    this.sessionIdContext = sessionIdContext;
  }

  /**
   * Creates the context as Node's {@code createSecureContext} does, in Node's order: protocol
   * versions, ciphers, trusted CAs, certificates, then keys (a key is checked against the
   * certificate of its type). Throws Node's errors: {@code ERR_TLS_INVALID_PROTOCOL_VERSION},
   * {@code ERR_INVALID_ARG_VALUE} for an empty cipher list, and OpenSSL's errors
   * ({@code ERR_SSL_NO_CIPHER_MATCH}, {@code ERR_OSSL_PEM_NO_START_LINE},
   * {@code ERR_OSSL_BAD_DECRYPT}, {@code ERR_OSSL_X509_KEY_VALUES_MISMATCH}, ...) as
   * {@link OpenSslError}.
   */
  static SecureContext create(ContextOptionsBase<?> options) {
    ContextOptionsBase<?> o = options == null ? new SecureContextOptions() : options;
    int min;
    int max;
    if (ContextOptionsBase.given(o.secureProtocol())) {
      if (o.minVersion() != null) {
        throw SecureProtocol.conflict(o.minVersion(), o.secureProtocol());
      }
      if (o.maxVersion() != null) {
        throw SecureProtocol.conflict(o.maxVersion(), o.secureProtocol());
      }
      SecureProtocol method = SecureProtocol.of(o.secureProtocol());
      min = method.min();
      max = method.max();
    } else {
      min = ProtocolVersion.parse("minimum",
          o.minVersion() != null ? o.minVersion() : TlsDefaults.defaultMinVersion());
      max = ProtocolVersion.parse("maximum",
          o.maxVersion() != null ? o.maxVersion() : TlsDefaults.defaultMaxVersion());
    }
    Lib.ensureAvailable();
    Err.clear();
    Owned ctx = SslCtx.newTls();
    if (ctx == null) {
      throw cryptoError("SSL_CTX_new");
    }
    try {
      MemorySegment c = ctx.get();
      init(c, min, max);
      long secureOptions = o.secureOptions() != null ? o.secureOptions() : 0;
      if (o.prefersServerCipherOrder()) {
        secureOptions |= SslCtx.SSL_OP_CIPHER_SERVER_PREFERENCE;
      }
      if (secureOptions != 0) {
        SslCtx.setOptions(c, secureOptions);
      }
      SessionCallbacks.install(c, o);
      if (o.ticketKeys() != null) {
        TicketKeys.of(c).set(o.ticketKeys());
      }
      setCiphers(c, o.ciphers(), min, max);
      ContextTuning.apply(c, o);
      boolean sharedRoots = !ContextOptionsBase.given(o.ca());
      if (sharedRoots) {
        addRootCerts(c);
      } else {
        for (Object ca : list(o.ca())) {
          addCaCerts(c, ContextOptionsBase.pemBytes(ca));
        }
      }
      if (ContextOptionsBase.given(o.cert())) {
        for (Object cert : list(o.cert())) {
          useCertificateChain(c, ContextOptionsBase.pemBytes(cert));
        }
      }
      if (ContextOptionsBase.given(o.key())) {
        for (Object key : list(o.key())) {
          if (key instanceof KeyEntry entry) {
            usePrivateKey(c, entry.pem(), entry.passphrase() != null ? entry.passphrase() : o.passphrase());
          } else {
            usePrivateKey(c, key, o.passphrase());
          }
        }
      }
      EngineOptions.check(o);
      EngineOptions.apply(c, o);
      if (o.crl() != null) {
        for (Object crl : list(o.crl())) {
          if (sharedRoots) {
            useOwnRootStore(c);
            sharedRoots = false;
          }
          Err.clear();
          if (!X509Crl.addToStore(SslCtx.certStore(c), ContextOptionsBase.pemBytes(crl))) {
            Err.clear();
            throw new NodeError("ERR_CRYPTO_OPERATION_FAILED", "Failed to parse CRL");
          }
        }
      }
      if (o.pfx() != null) {
        for (Object entry : list(o.pfx())) {
          PfxEntry pfx = entry instanceof PfxEntry e ? e : new PfxEntry(entry, null);
          String pass = pfx.passphrase() != null ? pfx.passphrase() : o.passphrase();
          sharedRoots = PfxLoader.load(c, ContextOptionsBase.pemBytes(pfx.buf()), pass, sharedRoots);
        }
      }
      String sid = o.effectiveSessionIdContext();
      byte[] sidBytes = NO_SESSION_ID_CONTEXT;
      if (sid != null) {
        sidBytes = sid.getBytes(StandardCharsets.UTF_8);
        Err.clear();
        if (!SslCtx.setSessionIdContext(c, sidBytes)) {
          throw cryptoError("SSL_CTX_set_session_id_context");
        }
      }
      return new SecureContext(ctx, sidBytes);
    } catch (RuntimeException | Error e) {
      ctx.close();
      throw e;
    }
  }

  /** The {@code SSL_CTX*}, for queries on the caller's own context; valid until {@link #close()}. */
  MemorySegment handle() {
    if ((users.get() & CLOSED) != 0 || ctx.isClosed()) {
      throw new IllegalStateException("SecureContext is closed");
    }
    return ctx.get();
  }

  /**
   * A new SSL of this context between two memory BIOs (see {@link Ssl#newWithMemoryBios}). Safe
   * against a concurrent {@link #close()}: the SSL_CTX stays alive until SSL_new holds its own
   * reference. Throws IllegalStateException when the context is closed.
   */
  Owned newSsl(MemorySegment[] biosOut) {
    MemorySegment c = acquire();
    try {
      return Ssl.newWithMemoryBios(c, biosOut);
    } finally {
      release();
    }
  }

  /**
   * Serves the connection {@code ssl}, made from {@code origin}, from this context from now on
   * (SNI). SSL_set_SSL_CTX takes the certificates, keys, trust store, ciphers and callbacks of this
   * context; options, verify mode, protocol versions and the session cache stay those of the
   * origin. It would also take this context's session ID context, which Node (who only swaps the
   * certificate) never does: the origin's is put back, so sessions stay resumable on the server
   * that issued them.
   */
  void serve(MemorySegment ssl, SecureContext origin) {
    MemorySegment c = acquire();
    try {
      Ssl.setSslCtx(ssl, c);
      Ssl.setSessionIdContext(ssl, origin.sessionIdContext);
    } finally {
      release();
    }
  }

  /**
   * Drops this object's reference to the {@code SSL_CTX} (freeing it unless connections still
   * hold theirs) as soon as no connection is being made from it; later calls do nothing.
   */
  @Override
  public void close() {
    long before = users.getAndUpdate(u -> u | CLOSED);
    if (before == 0) {
      ctx.close();
    }
  }

  private MemorySegment acquire() {
    long u;
    do {
      u = users.get();
      if ((u & CLOSED) != 0) {
        throw new IllegalStateException("SecureContext is closed");
      }
    } while (!users.compareAndSet(u, u + 1));
    return ctx.get();
  }

  private void release() {
    if (users.decrementAndGet() == CLOSED) {
      ctx.close();
    }
  }

  /** The settings Node's {@code SecureContext::Init} makes, plus jtls's buffer release. */
  private static void init(MemorySegment c, int min, int max) {
    // SSLv2 needs no switch: OpenSSL 3 has none. Renegotiation started by a client is allowed, as
    // in Node, which limits it itself (tls.CLIENT_RENEG_LIMIT).
    SslCtx.setOptions(c, SslCtx.SSL_OP_NO_SSLv3 | SslCtx.SSL_OP_ALLOW_CLIENT_RENEGOTIATION);
    SslCtx.clearMode(c, SslCtx.SSL_MODE_NO_AUTO_CHAIN);
    // Idle connections give their record buffers back instead of holding ~34 KB each.
    SslCtx.setMode(c, SslCtx.SSL_MODE_RELEASE_BUFFERS);
    // Sessions are cached by the application (Node's newSession / resumeSession events), never
    // inside OpenSSL.
    SslCtx.setSessionCacheMode(c, SslCtx.SSL_SESS_CACHE_CLIENT | SslCtx.SSL_SESS_CACHE_SERVER
        | SslCtx.SSL_SESS_CACHE_NO_INTERNAL | SslCtx.SSL_SESS_CACHE_NO_AUTO_CLEAR);
    SslCtx.setMinProtoVersion(c, min);
    SslCtx.setMaxProtoVersion(c, max);
    SslCtx.routeCallbacksToOwners(c);
  }

  /** Node's cipher handling: TLSv1.3 suites and older ciphers set apart; no TLSv1.2 cipher means TLSv1.3 only. */
  private static void setCiphers(MemorySegment c, String ciphers, int min, int max) {
    CipherLists lists = CipherLists.split(ContextOptionsBase.given(ciphers) ? ciphers : TlsDefaults.defaultCiphers());
    Err.clear();
    if (!lists.cipherSuites().isEmpty() && !SslCtx.setCiphersuites(c, lists.cipherSuites())) {
      throw cryptoError("SSL_CTX_set_ciphersuites");
    }
    if (!SslCtx.setCipherList(c, lists.cipherList())) {
      List<Err.Entry> errors = Err.drain();
      // An empty list always "fails" with no cipher match; it deliberately clears the TLSv1.2 ciphers.
      boolean cleared = lists.cipherList().isEmpty() && !errors.isEmpty()
          && reason(errors.getFirst()) == SSL_R_NO_CIPHER_MATCH;
      if (!cleared) {
        throw cryptoError(errors, "SSL_CTX_set_cipher_list");
      }
    }
    if (lists.cipherList().isEmpty() && min < SslCtx.TLS1_3_VERSION && max > SslCtx.TLS1_2_VERSION) {
      SslCtx.setMinProtoVersion(c, SslCtx.TLS1_3_VERSION);
    }
  }

  /** The context trusts the shared default store; the context owns one more reference to it. */
  private static void addRootCerts(MemorySegment c) {
    MemorySegment store = RootCertStore.get();
    X509Store.upRef(store);
    SslCtx.setCertStore(c, store);
  }

  /**
   * Gives the context its own store holding the bundled roots in place of the shared one, before
   * something (a CRL, a PFX's CA) is added that must not reach every other context.
   */
  static void useOwnRootStore(MemorySegment c) {
    MemorySegment store = X509Store.create();
    try (Owned bio = Bio.ofBytes(RootCertificates.bundle().getBytes(StandardCharsets.US_ASCII))) {
      Pem.forEachX509Aux(bio.get(), cert -> X509Store.addCert(store, cert));
    }
    Err.clear(); // the reader stops at the end of the bundle with PEM's "no start line"
    SslCtx.setCertStore(c, store);
  }

  /**
   * Adds every certificate of one {@code ca} input to the context's own store and to the CA names
   * a server sends. As in Node, what is not a certificate is skipped without an error.
   */
  private static void addCaCerts(MemorySegment c, byte[] pem) {
    MemorySegment store = SslCtx.certStore(c);
    try (Owned bio = Bio.ofBytes(pem)) {
      Pem.forEachX509Aux(bio.get(), cert -> {
        X509Store.addCert(store, cert);
        SslCtx.addClientCa(c, cert);
      });
    } finally {
      Err.clear();
    }
  }

  /** One {@code cert} input: the first certificate is the context's, the others its chain. */
  private static void useCertificateChain(MemorySegment c, byte[] pem) {
    Err.clear();
    try (Owned bio = Bio.ofBytes(pem)) {
      Owned leaf = Pem.readX509Aux(bio.get());
      if (leaf == null) {
        throw cryptoError("SSL_CTX_use_certificate_chain");
      }
      List<Owned> chain = new ArrayList<>();
      try (leaf) {
        Owned extra;
        while ((extra = Pem.readX509(bio.get())) != null) {
          chain.add(extra);
        }
        // The loop ends at the end of the input, which PEM reports as "no start line"; anything
        // else is a broken certificate in the chain.
        List<Err.Entry> errors = Err.drain();
        if (!errors.isEmpty()) {
          Err.Entry last = errors.getLast();
          if (last.libraryNumber() != ERR_LIB_PEM || reason(last) != PEM_R_NO_START_LINE) {
            throw cryptoError(errors, "SSL_CTX_use_certificate_chain");
          }
        }
        if (!SslCtx.useCertificate(c, leaf.get())) {
          throw cryptoError("SSL_CTX_use_certificate_chain");
        }
        SslCtx.clearExtraChainCerts(c);
        for (Owned cert : chain) {
          if (!SslCtx.add1ChainCert(c, cert.get())) {
            throw cryptoError("SSL_CTX_use_certificate_chain");
          }
        }
      } finally {
        chain.forEach(Owned::close);
      }
    }
  }

  /** One {@code key} input, decrypted with {@code passphrase} when encrypted. */
  private static void usePrivateKey(MemorySegment c, Object pem, String passphrase) {
    Err.clear();
    try (Owned bio = Bio.ofBytes(ContextOptionsBase.pemBytes(pem))) {
      Owned key = Pem.readPrivateKey(bio.get(), passphrase);
      if (key == null) {
        throw cryptoError("PEM_read_bio_PrivateKey");
      }
      try (key) {
        if (!SslCtx.usePrivateKey(c, key.get())) {
          throw cryptoError("SSL_CTX_use_PrivateKey");
        }
      }
    }
  }

  private static List<?> list(Object option) {
    return option instanceof List<?> l ? l : List.of(option);
  }

  private static int reason(Err.Entry entry) {
    return (int) (entry.packed() & ERR_REASON_MASK);
  }

  private static NodeError cryptoError(String operation) {
    return cryptoError(Err.drain(), operation);
  }

  /** Node's ThrowCryptoError: the oldest queued error; {@code operation} names the failure when none was queued. */
  private static NodeError cryptoError(List<Err.Entry> errors, String operation) {
    if (errors.isEmpty()) {
      return new NodeError("ERR_CRYPTO_OPERATION_FAILED", operation + " failed");
    }
    return OpenSslError.forCrypto(errors);
  }
}

package dev.jtls.tls;

import dev.jtls.events.NodeError;
import dev.jtls.internal.openssl.Bio;
import dev.jtls.internal.openssl.Err;
import dev.jtls.internal.openssl.Lib;
import dev.jtls.internal.openssl.Owned;
import dev.jtls.internal.openssl.Pem;
import dev.jtls.internal.openssl.SslCtx;
import dev.jtls.internal.openssl.X509Store;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Node's {@code SecureContext}: an OpenSSL {@code SSL_CTX} configured from the options of
 * {@code tls.createSecureContext()} (keys, certificate chains, trusted CAs, ciphers, protocol
 * versions), from which connections are made. It has no public methods in Node; here it can be
 * closed to free the {@code SSL_CTX} at once instead of when it becomes unreachable. Connections
 * already made from it keep their own reference to the {@code SSL_CTX}.
 */
public final class SecureContext implements AutoCloseable {
  private static final int ERR_LIB_PEM = 9;
  private static final int PEM_R_NO_START_LINE = 108;
  private static final int SSL_R_NO_CIPHER_MATCH = 185;
  private static final long ERR_REASON_MASK = 0x7FFFFF;

  private final Owned ctx;

  private SecureContext(Owned ctx) {
    this.ctx = ctx;
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
    int min = ProtocolVersion.parse("minimum",
        o.minVersion() != null ? o.minVersion() : TlsDefaults.defaultMinVersion());
    int max = ProtocolVersion.parse("maximum",
        o.maxVersion() != null ? o.maxVersion() : TlsDefaults.defaultMaxVersion());
    Lib.ensureAvailable();
    Err.clear();
    Owned ctx = SslCtx.newTls();
    if (ctx == null) {
      throw cryptoError("SSL_CTX_new");
    }
    try {
      MemorySegment c = ctx.get();
      init(c, min, max);
      SessionCallbacks.install(c, o);
      setCiphers(c, o.ciphers(), min, max);
      if (ContextOptionsBase.given(o.ca())) {
        for (Object ca : list(o.ca())) {
          addCaCerts(c, ContextOptionsBase.pemBytes(ca));
        }
      } else {
        addRootCerts(c);
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
      return new SecureContext(ctx);
    } catch (RuntimeException | Error e) {
      ctx.close();
      throw e;
    }
  }

  /** The {@code SSL_CTX*}; valid until {@link #close()}. */
  MemorySegment handle() {
    if (ctx.isClosed()) {
      throw new IllegalStateException("SecureContext is closed");
    }
    return ctx.get();
  }

  /** Frees this context's reference to the {@code SSL_CTX}; later calls do nothing. */
  @Override
  public void close() {
    ctx.close();
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

package dev.jtls.tls;

import dev.jtls.events.NodeError;
import dev.jtls.internal.openssl.Err;
import dev.jtls.internal.openssl.Owned;
import dev.jtls.internal.openssl.Pkcs12;
import dev.jtls.internal.openssl.SslCtx;
import dev.jtls.internal.openssl.X509Store;
import java.lang.foreign.MemorySegment;
import java.util.List;

/** Node's LoadPKCS12: a {@code pfx} input becomes the context's key, certificate, chain and extra trusted CAs. */
final class PfxLoader {
  private PfxLoader() {}

  /**
   * Loads one PKCS#12 input into the context {@code c}. Its further certificates are sent as the
   * chain and, as in Node, also trusted and named as acceptable client CAs; a context still on the
   * shared root store ({@code sharedRoots}) gets its own copy first, so the shared one is never
   * changed. Returns whether the context is still on the shared store. A file that does not parse
   * or a wrong passphrase throws Node's error: OpenSSL's reason as the message, without a code.
   */
  static boolean load(MemorySegment c, byte[] der, String passphrase, boolean sharedRoots) {
    Err.clear();
    try (Pkcs12.Contents contents = Pkcs12.parse(der, passphrase)) {
      if (contents == null || contents.cert() == null || contents.key() == null) {
        throw failure();
      }
      if (!SslCtx.useCertificate(c, contents.cert().get())) {
        throw failure();
      }
      SslCtx.clearExtraChainCerts(c);
      for (Owned extra : contents.extraCerts()) {
        if (!SslCtx.add1ChainCert(c, extra.get())) {
          throw failure();
        }
      }
      if (!SslCtx.usePrivateKey(c, contents.key().get())) {
        throw failure();
      }
      boolean shared = sharedRoots;
      for (Owned extra : contents.extraCerts()) {
        if (shared) {
          SecureContext.useOwnRootStore(c);
          shared = false;
        }
        X509Store.addCert(SslCtx.certStore(c), extra.get());
        SslCtx.addClientCa(c, extra.get());
      }
      Err.clear();
      return shared;
    }
  }

  /** Node throws ERR_reason_error_string of the oldest queued error, with no code. */
  private static NodeError failure() {
    List<Err.Entry> errors = Err.drain();
    String reason = errors.isEmpty() ? null : errors.getFirst().reason();
    return new NodeError(null, reason != null ? reason : "Unknown error");
  }
}

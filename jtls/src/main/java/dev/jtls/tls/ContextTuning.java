package dev.jtls.tls;

import dev.jtls.events.NodeError;
import dev.jtls.internal.openssl.Err;
import dev.jtls.internal.openssl.SslCtx;
import java.lang.foreign.MemorySegment;

/**
 * The key exchange and signature settings of a new context, with Node's errors: {@code sigalgs},
 * {@code ecdhCurve} (default {@code tls.DEFAULT_ECDH_CURVE}) and {@code sessionTimeout}.
 */
final class ContextTuning {
  private ContextTuning() {}

  static void apply(MemorySegment c, ContextOptionsBase<?> o) {
    if (o.sigalgs() != null) {
      setSigalgs(c, o.sigalgs());
    }
    String curve = o.ecdhCurve() != null ? o.ecdhCurve() : TlsDefaults.defaultEcdhCurve();
    // 'auto' is OpenSSL's own default list, which a new context already has.
    if (!"auto".equals(curve)) {
      Err.clear();
      if (!SslCtx.setGroupsList(c, curve)) {
        Err.clear();
        throw new NodeError("ERR_CRYPTO_OPERATION_FAILED", "Failed to set ECDH curve");
      }
    }
    if (o.sessionTimeout() != null) {
      SslCtx.setTimeout(c, o.sessionTimeout());
    }
  }

  private static void setSigalgs(MemorySegment c, String sigalgs) {
    if (sigalgs.isEmpty()) {
      throw new NodeError("ERR_INVALID_ARG_VALUE", "The property 'options.sigalgs' is invalid. Received ''");
    }
    Err.clear();
    if (!SslCtx.setSigalgsList(c, sigalgs)) {
      // OpenSSL queues no error for a name it does not know; Node then reports its empty-queue
      // error, without a code.
      Err.clear();
      throw new NodeError(null, "error:00000000:lib(0)::reason(0)");
    }
  }
}

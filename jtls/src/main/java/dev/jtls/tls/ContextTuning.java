package dev.jtls.tls;

import dev.jtls.events.NodeError;
import dev.jtls.internal.openssl.Dh;
import dev.jtls.internal.openssl.Err;
import dev.jtls.internal.openssl.KeyExchange;
import dev.jtls.internal.openssl.Owned;
import dev.jtls.internal.openssl.SslCtx;
import java.lang.foreign.MemorySegment;

/**
 * The key exchange and signature settings of a new context, with Node's errors: {@code sigalgs},
 * {@code ecdhCurve} (default {@code tls.DEFAULT_ECDH_CURVE}), {@code dhparam} and {@code sessionTimeout}.
 */
final class ContextTuning {
  /** Where Node's process warnings (its {@code SecurityWarning}s) go in jtls. */
  private static final System.Logger WARNINGS = System.getLogger("dev.jtls.tls");

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
    if (o.dhparam() != null) {
      setDhParam(c, o.dhparam());
    }
    if (o.sessionTimeout() != null) {
      SslCtx.setTimeout(c, o.sessionTimeout());
    }
  }

  /** Node's SetDHParam. */
  private static void setDhParam(MemorySegment c, Object dhparam) {
    if ("auto".equals(dhparam)) {
      Dh.setAuto(c);
      return;
    }
    Err.clear();
    try (Owned params = Dh.readParameters(ContextOptionsBase.pemBytes(dhparam))) {
      Err.clear();
      if (params == null) {
        return; // as in Node: parameters that do not parse are dropped, and with them DHE
      }
      int bits = KeyExchange.bits(params.get());
      if (bits < 1024) {
        throw new NodeError("ERR_INVALID_ARG_VALUE", "DH parameter is less than 1024 bits");
      }
      if (bits < 2048) {
        WARNINGS.log(System.Logger.Level.WARNING, "SecurityWarning: DH parameter is less than 2048 bits");
      }
      if (!Dh.useParameters(c, params.get())) {
        Err.clear();
        throw new NodeError("ERR_CRYPTO_OPERATION_FAILED", "Error setting temp DH parameter");
      }
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

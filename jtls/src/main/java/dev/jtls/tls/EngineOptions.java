package dev.jtls.tls;

import dev.jtls.events.NodeError;
import dev.jtls.internal.openssl.Engine;
import dev.jtls.internal.openssl.Err;
import dev.jtls.internal.openssl.Owned;
import dev.jtls.internal.openssl.SslCtx;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Node's {@code privateKeyEngine} + {@code privateKeyIdentifier} (a private key held by an OpenSSL
 * engine) and {@code clientCertEngine} (an engine that supplies client certificates), with Node's
 * checks and errors.
 */
final class EngineOptions {
  private EngineOptions() {}

  /** Node's checks, made before anything is loaded. */
  static void check(ContextOptionsBase<?> o) {
    if (o.privateKeyIdentifier() == null) {
      return;
    }
    if (o.privateKeyEngine() == null) {
      throw new NodeError("ERR_INVALID_ARG_VALUE", "The property 'options.privateKeyEngine' is invalid. Received undefined");
    }
    if (ContextOptionsBase.given(o.key())) {
      throw new NodeError("ERR_INVALID_ARG_VALUE", "The property 'options.privateKeyIdentifier' is invalid. Received '"
          + o.privateKeyIdentifier() + "'");
    }
  }

  /** Loads the engine key and sets the client certificate engine of the context {@code c}. */
  static void apply(MemorySegment c, ContextOptionsBase<?> o) {
    if (o.privateKeyIdentifier() != null) {
      MemorySegment engine = load(o.privateKeyEngine());
      try {
        if (!Engine.init(engine)) {
          Err.clear();
          throw new NodeError("ERR_CRYPTO_OPERATION_FAILED", "Failure to initialize engine");
        }
        try (Owned key = Engine.loadPrivateKey(engine, o.privateKeyIdentifier())) {
          if (key == null) {
            throw cryptoError("ENGINE_load_private_key");
          }
          if (!SslCtx.usePrivateKey(c, key.get())) {
            throw cryptoError("SSL_CTX_use_PrivateKey");
          }
        } finally {
          Engine.finish(engine);
        }
      } finally {
        Engine.free(engine);
      }
    }
    if (o.clientCertEngine() != null) {
      MemorySegment engine = load(o.clientCertEngine());
      try {
        if (!Engine.setClientCertEngine(c, engine)) {
          throw cryptoError("SSL_CTX_set_client_cert_engine");
        }
      } finally {
        Engine.free(engine);
      }
    }
  }

  /** Node's LoadEngineById: by id, else as a shared object; its error is the oldest OpenSSL queued, without a code. */
  private static MemorySegment load(String id) {
    Err.clear();
    MemorySegment engine = Engine.byId(id);
    if (engine.equals(MemorySegment.NULL)) {
      List<Err.Entry> errors = Err.drain();
      throw new NodeError(null, errors.isEmpty() ? "Engine \"" + id + "\" was not found" : errors.getFirst().line());
    }
    return engine;
  }

  private static NodeError cryptoError(String operation) {
    List<Err.Entry> errors = Err.drain();
    return errors.isEmpty() ? new NodeError(null, operation) : OpenSslError.forCrypto(errors);
  }
}

package dev.jtls.tls;

import dev.jtls.events.NodeError;
import dev.jtls.internal.ip.IpAddresses;
import dev.jtls.internal.openssl.Owned;
import dev.jtls.internal.openssl.Ssl;
import dev.jtls.internal.openssl.SslCallbacks;
import dev.jtls.internal.openssl.X509Verify;
import dev.jtls.net.EventLoop;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.List;

/**
 * The handshake of one connection: its phase (one enum), the one question it may be paused on
 * ({@link PendingHook}), and Node's policy around it (SNI, ALPN selection, verification). It owns
 * the {@link TlsEngine}; the socket moves bytes and emits events, and asks this class what the
 * handshake did after each call.
 *
 * <p>A hook is answered once, from any thread: the answer hops to the loop, is dropped if the
 * connection was closed meanwhile, and otherwise resumes the handshake through
 * {@link Owner#resume()}. A second answer destroys the socket with ERR_MULTIPLE_CALLBACK.
 */
final class HandshakeDriver implements TlsEngine.Policy {
  enum Phase {
    /** A client waits for its transport to connect. */
    NOT_STARTED,
    HANDSHAKING,
    /** Paused until the pending hook is answered. */
    AWAITING_HOOK,
    SECURE,
    /** The engine is closed; queries answer as Node's do after close. */
    CLOSED
  }

  /** What the driver needs from its socket; all called on the loop. */
  interface Owner {
    EventLoop loop();

    /** Emits the key log lines OpenSSL produced. */
    void keylog(List<byte[]> lines);

    /** Whether anyone listens to 'keylog' (asked from inside an SSL call). */
    boolean wantsKeylog();

    /** Drives the handshake (and the data) again after a hook was answered. */
    void resume();

    /** The connection failed (routed to 'error' or 'tlsClientError'). */
    void fail(Throwable error);

    void destroy(Throwable error);
  }

  /** Why the peer is refused: the socket is destroyed with {@code error} (none: quietly). */
  record Rejection(Throwable error) {}

  /** How a hook's answer changes the connection; throwing fails it. */
  private interface Answer {
    void apply() throws Throwable;
  }

  private final TlsSocketConfig config;
  private final Owner owner;
  private final TlsEngine engine;
  private final EnumSet<Hook> answered = EnumSet.noneOf(Hook.class);
  private volatile Phase phase = Phase.NOT_STARTED;
  private PendingHook pending;
  private volatile boolean authorized;
  private volatile String authorizationError;
  private volatile String servername;
  private volatile String alpnProtocol;
  /** What the server's ALPNCallback failed with; the handshake's failure is reported as this. */
  private RuntimeException alpnFailure;

  HandshakeDriver(TlsSocketConfig config, Owner owner) {
    this.config = config;
    this.owner = owner;
    this.engine = new TlsEngine(config.context(), config.isServer(), this);
  }

  TlsEngine engine() {
    return engine;
  }

  Phase phase() {
    return phase;
  }

  boolean secure() {
    return phase == Phase.SECURE;
  }

  boolean closed() {
    return phase == Phase.CLOSED;
  }

  boolean authorized() {
    return authorized;
  }

  String authorizationError() {
    return authorized ? null : authorizationError;
  }

  String servername() {
    return servername;
  }

  String alpnProtocol() {
    return alpnProtocol;
  }

  /** Applies the per-connection settings to the SSL, before any handshake byte moves. */
  void configure() {
    MemorySegment ssl = engine.ssl();
    if (config.isServer()) {
      int mode = Ssl.SSL_VERIFY_NONE;
      if (config.requestCert()) {
        mode = Ssl.SSL_VERIFY_PEER | (config.rejectUnauthorized() ? Ssl.SSL_VERIFY_FAIL_IF_NO_PEER_CERT : 0);
      }
      Ssl.setVerify(ssl, mode);
      if (config.sniCallback() != null) {
        engine.enableCertCallback();
      }
    } else {
      // A client always learns the chain's verdict after the handshake (SSL_VERIFY_NONE still verifies).
      Ssl.setVerify(ssl, Ssl.SSL_VERIFY_NONE);
      if (config.alpnProtocols() != null) {
        Ssl.setAlpnProtos(ssl, config.alpnProtocols());
      }
      String sni = config.servername();
      if (sni != null && !sni.isEmpty() && IpAddresses.isIP(sni) == 0) {
        try (Arena arena = Arena.ofConfined()) {
          Ssl.setHostName(ssl, arena.allocateFrom(sni));
        }
      }
    }
  }

  /**
   * Advances the handshake as far as the ciphertext fed so far allows. True when it just
   * completed; false while it waits (for the peer or for a hook). Throws OpenSslError when it
   * failed; the caller still sends the alert OpenSSL queued.
   */
  boolean advance() {
    if (phase == Phase.NOT_STARTED) {
      phase = Phase.HANDSHAKING;
    }
    if (phase != Phase.HANDSHAKING) {
      return false;
    }
    EngineStep step = engine.handshake();
    owner.keylog(step.keylog());
    if (phase == Phase.CLOSED) {
      return false; // a 'keylog' listener destroyed the socket
    }
    switch (step.kind()) {
      case DONE -> {
        phase = Phase.SECURE;
        servername = engine.query(null, Ssl::servername);
        alpnProtocol = engine.query(null, Ssl::alpnSelected);
        return true;
      }
      case PAUSED -> ask(step.hook());
      case NEEDS_INPUT, CLOSED -> {
        // CLOSED: close_notify before the handshake ended; the transport's end says the rest
      }
    }
    return false;
  }

  private void ask(Hook hook) {
    PendingHook slot = new PendingHook(hook);
    pending = slot;
    phase = Phase.AWAITING_HOOK;
    switch (hook) {
      case SNI -> askSni(slot);
    }
  }

  /** Node's loadSNI: the SNICallback picks the context for the name the client sent. */
  private void askSni(PendingHook slot) {
    servername = servername(engine); // as Node sets it, so a failing SNICallback's 'tlsClientError' socket has it
    try {
      config.sniCallback().select(servername, (error, context) -> answer(slot, () -> {
        if (error != null) {
          throw error;
        }
        if (context != null) {
          engine.useContext(context);
        }
      }));
    } catch (RuntimeException e) {
      owner.fail(e);
    }
  }

  private static String servername(TlsEngine engine) {
    return engine.query(null, Ssl::servername);
  }

  /** Called from any thread: applies {@code answer} on the loop and resumes, once. */
  private void answer(PendingHook slot, Answer answer) {
    owner.loop().execute(() -> {
      if (!slot.claim()) {
        owner.destroy(new NodeError("ERR_MULTIPLE_CALLBACK", "Callback called multiple times"));
        return;
      }
      if (pending != slot || phase != Phase.AWAITING_HOOK) {
        return; // the connection was closed while the user was deciding
      }
      pending = null;
      answered.add(slot.hook);
      phase = Phase.HANDSHAKING;
      try {
        answer.apply();
      } catch (Throwable t) {
        owner.fail(t);
        return;
      }
      owner.resume();
    });
  }

  @Override
  public boolean wantsKeylog() {
    return owner.wantsKeylog();
  }

  /** The ALPNCallback's error that failed the handshake (Node sends the peer no alert then), or null. */
  RuntimeException alpnFailure() {
    return alpnFailure;
  }

  @Override
  public boolean pauseForCertificate() {
    if (config.sniCallback() == null || answered.contains(Hook.SNI)) {
      return false;
    }
    if (Ssl.servername(engine.ssl()) == null) {
      answered.add(Hook.SNI); // as in Node, no SNICallback without a server name
      return false;
    }
    return true;
  }

  @Override
  public int selectAlpn(byte[] offered) {
    AlpnCallback callback = config.server() != null ? config.server().alpnCallback() : null;
    if (callback != null) {
      return AlpnCallbackSelection.select(callback, Ssl.servername(engine.ssl()), offered, e -> alpnFailure = e);
    }
    byte[] ours = config.alpnProtocols();
    if (ours == null) {
      return SslCallbacks.ALPN_NOT_CONFIGURED;
    }
    int chosen = AlpnProtocols.select(ours, offered);
    return chosen < 0 ? SslCallbacks.ALPN_NO_OVERLAP : chosen;
  }

  /**
   * Node's verification once the handshake is done: sets {@link #authorized()} and
   * {@link #authorizationError()}, and returns why the peer is refused, or null.
   */
  Rejection verify(PeerCertificate detailedPeer) {
    if (config.isServer()) {
      if (!config.requestCert()) {
        return null;
      }
      NodeError error = verifyError();
      if (error == null) {
        authorized = true;
        return null;
      }
      authorizationError = error.code();
      return config.rejectUnauthorized() ? new Rejection(null) : null;
    }
    Throwable error = verifyError();
    if (error == null) {
      error = config.checkServerIdentity().check(config.identityHost(), detailedPeer);
    }
    if (error == null) {
      authorized = true;
      return null;
    }
    authorizationError = error instanceof NodeError ne && ne.code() != null ? ne.code() : error.getMessage();
    return config.rejectUnauthorized() ? new Rejection(error) : null;
  }

  /**
   * The chain's verdict as Node reports it: the X509 result when the peer sent a certificate, and
   * UNABLE_TO_GET_ISSUER_CERT when it sent none (Node's VerifyPeerCertificate default).
   */
  private NodeError verifyError() {
    return engine.query(null, ssl -> {
      try (Owned peer = Ssl.peerCertificate(ssl)) {
        if (peer == null) {
          return VerifyErrors.forCode(X509Verify.UNABLE_TO_GET_ISSUER_CERT);
        }
        return VerifyErrors.forCode(Ssl.verifyResult(ssl));
      }
    });
  }

  /** The SNI name a client sends; from any thread, before the handshake started (later it is ignored). */
  void setServername(String name) {
    engine.query(null, ssl -> {
      if (phase == Phase.NOT_STARTED && !name.isEmpty() && IpAddresses.isIP(name) == 0) {
        try (Arena arena = Arena.ofConfined()) {
          Ssl.setHostName(ssl, arena.allocateFrom(name));
        }
      }
      return null;
    });
  }

  /** Frees the SSL; a hook answered later is dropped. */
  void close() {
    phase = Phase.CLOSED;
    pending = null;
    engine.close();
  }
}

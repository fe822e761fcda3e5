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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.BiConsumer;

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

    /** A renegotiation completed: the peer is judged again ({@link #reverify}) and 'secure' emitted again. */
    void renegotiated();

    /** The socket, for the user's callbacks that take it (a server's pskCallback). */
    TlsSocket socket();
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
  /** What a user callback inside the handshake (ALPNCallback, pskCallback) failed with; the handshake's failure is reported as this. */
  private RuntimeException callbackFailure;
  /** renegotiate() may change these two; they start as the socket's options. */
  private volatile boolean requestCert;
  private volatile boolean rejectUnauthorized;
  private volatile boolean renegotiationDisabled;
  private final RenegotiationLimit renegotiationLimit = new RenegotiationLimit();
  /** A client's latest session made before its peer was verified; Node emits it after 'secureConnect'. */
  private byte[] unverifiedSession;
  /** Server: whether 'newSession' / 'resumeSession' had listeners when the connection was accepted. */
  private boolean storeSessions;
  private boolean askResume;
  private byte[] helloSessionId;

  HandshakeDriver(TlsSocketConfig config, Owner owner) {
    this.config = config;
    this.owner = owner;
    this.engine = new TlsEngine(config.context(), config.isServer(), this);
    this.requestCert = config.requestCert();
    this.rejectUnauthorized = config.rejectUnauthorized();
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

  /**
   * Applies the per-connection settings to the SSL, before any handshake byte moves. Throws
   * Node's ERR_TLS_PSK_SET_IDENTIY_HINT_FAILED when OpenSSL refuses the server's pskIdentityHint.
   */
  void configure() {
    MemorySegment ssl = engine.ssl();
    if (config.enableTrace() || (config.server() != null && config.server().enableTrace())) {
      engine.enableTrace();
    }
    if (config.isServer()) {
      Ssl.setVerify(ssl, verifyMode());
      if (config.sniCallback() != null) {
        engine.enableCertCallback();
      }
      TlsServer server = config.server();
      if (server != null && server.pskCallback() != null && !engine.enablePskServer(server.pskIdentityHint())) {
        throw new NodeError("ERR_TLS_PSK_SET_IDENTIY_HINT_FAILED", "Failed to set PSK identity hint");
      }
      if (server != null) {
        // As in Node, the listeners present when the connection is accepted decide for its whole life.
        storeSessions = server.listenerCount(TlsServer.NEW_SESSION) > 0;
        askResume = server.listenerCount(TlsServer.RESUME_SESSION) > 0;
        if (storeSessions) {
          engine.recordSessions();
        }
        if (askResume) {
          engine.watchClientHello();
        }
      }
    } else {
      // A client always learns the chain's verdict after the handshake (SSL_VERIFY_NONE still verifies).
      Ssl.setVerify(ssl, Ssl.SSL_VERIFY_NONE);
      if (config.alpnProtocols() != null) {
        Ssl.setAlpnProtos(ssl, config.alpnProtocols());
      }
      if (config.session() != null) {
        engine.offerSession(config.session());
      }
      if (config.pskCallback() != null) {
        engine.enablePskClient();
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
    if (phase == Phase.CLOSED || !afterCall()) {
      return false; // a 'keylog' listener destroyed the socket
    }
    switch (step.kind()) {
      case DONE -> {
        phase = Phase.SECURE;
        servername = engine.query(null, Ssl::servername);
        alpnProtocol = engine.query(null, Ssl::alpnSelected);
        if (!"TLSv1.3".equals(engine.query(null, Ssl::version))) {
          // Node times the first handshake at its start; its end is a round trip later, nothing beside a window.
          renegotiationLimit.firstHandshake(System.nanoTime());
          engine.enableHandshakeSignals();
        }
        return true;
      }
      case PAUSED -> ask(step.hook());
      case NEEDS_INPUT, CLOSED -> {
        // CLOSED: close_notify before the handshake ended; the transport's end says the rest
      }
    }
    return false;
  }

  /**
   * Node's verify mode (TLSWrap::SetVerifyMode): a server asks for a certificate when requestCert
   * and insists on one when it also rejects unauthorized peers; a client never fails the handshake
   * on the chain, it judges it afterwards.
   */
  private int verifyMode() {
    if (!config.isServer() || !requestCert) {
      return Ssl.SSL_VERIFY_NONE;
    }
    return Ssl.SSL_VERIFY_PEER | (rejectUnauthorized ? Ssl.SSL_VERIFY_FAIL_IF_NO_PEER_CERT : 0);
  }

  /**
   * Acts on the handshakes OpenSSL started or completed during the SSL call that just returned
   * (Node's onhandshakestart and onhandshakedone). False when that failed the connection.
   */
  boolean afterCall() {
    List<HandshakeSignal> signals = engine.takeSignals();
    for (int i = 0; i < signals.size(); i++) { // indexed: no iterator on the read path, where the list is empty
      if (phase == Phase.CLOSED) {
        return false;
      }
      switch (signals.get(i)) {
        case STARTED -> {
          if (!handshakeStarted()) {
            return false;
          }
        }
        case DONE -> {
          if (phase == Phase.SECURE) {
            owner.renegotiated();
          }
        }
      }
    }
    return phase != Phase.CLOSED;
  }

  /** Node counts handshake starts on servers only; a client's renegotiations are the server's to limit. */
  private boolean handshakeStarted() {
    if (!config.isServer()) {
      return true;
    }
    if (renegotiationLimit.exceededBy(System.nanoTime())) {
      owner.fail(new NodeError("ERR_TLS_SESSION_ATTACK", "TLS session renegotiation attack detected"));
      return false;
    }
    if (renegotiationDisabled && phase == Phase.SECURE) {
      owner.fail(new NodeError("ERR_TLS_RENEGOTIATION_DISABLED", "TLS session renegotiation disabled for this socket"));
      return false;
    }
    return true;
  }

  /**
   * After a renegotiation the peer's certificate is judged again, with the options renegotiate()
   * may have changed: by a server that asks for certificates (Node's onSocketSecure), and by a
   * client, as the spec's renegotiate rejectUnauthorized says (Node's own client does not look
   * again). {@code detailedPeer} as for {@link #verify}.
   */
  Rejection reverify(PeerCertificate detailedPeer) {
    if (config.isServer() && !requestCert) {
      return null;
    }
    authorized = false;
    authorizationError = null;
    return verify(detailedPeer);
  }

  /**
   * Node's onerror rule: a server that rejects unauthorized clients closes quietly on a client that
   * answered a renegotiation's certificate request with none, rather than emitting 'error'.
   */
  boolean dropsQuietly(OpenSslError error) {
    return config.isServer() && phase == Phase.SECURE && rejectUnauthorized
        && "peer did not return a certificate".equals(error.reason());
  }

  /** Node's disableRenegotiation(): a server's next renegotiation fails the socket. */
  void disableRenegotiation() {
    renegotiationDisabled = true;
  }

  /**
   * Node's renegotiate(): applies the changed options, then asks OpenSSL for a TLSv1.2
   * renegotiation. Returns null when scheduled ({@link #startRenegotiation} sends its first
   * message), or OpenSSL's refusal.
   */
  OpenSslError renegotiate(RenegotiateOptions options) {
    if (options.requestCert() != null) {
      requestCert = options.requestCert();
    }
    if (options.rejectUnauthorized() != null) {
      rejectUnauthorized = options.rejectUnauthorized();
    }
    return engine.renegotiate(verifyMode(), config.isServer());
  }

  /**
   * Sends a scheduled renegotiation's first message (a server's HelloRequest, a client's
   * ClientHello). Before the first handshake completed there is nothing to start: OpenSSL drops the
   * request when that handshake ends, and renegotiate()'s callback runs at its 'secure'.
   */
  boolean startRenegotiation() {
    if (phase != Phase.SECURE) {
      return phase != Phase.CLOSED;
    }
    EngineStep step = engine.handshake();
    owner.keylog(step.keylog());
    return phase != Phase.CLOSED && afterCall();
  }

  private void ask(Hook hook) {
    PendingHook slot = new PendingHook(hook);
    pending = slot;
    phase = Phase.AWAITING_HOOK;
    switch (hook) {
      case SNI -> askSni(slot);
      case RESUME_SESSION -> askResume(slot);
      case NEW_SESSION -> throw new IllegalStateException("newSession never pauses the handshake");
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

  /** Node's loadSession: the 'resumeSession' listener looks up the ID; its answer is offered on the retry. */
  private void askResume(PendingHook slot) {
    BiConsumer<Throwable, byte[]> callback = (error, data) -> answer(slot, () -> {
      if (error != null) {
        throw error;
      }
      if (data != null) {
        engine.loadSession(data);
      }
    });
    try {
      if (!config.server().emit(TlsServer.RESUME_SESSION, new ResumeSession(helloSessionId, callback))) {
        callback.accept(null, null); // the listener was removed since the connection was accepted
      }
    } catch (RuntimeException e) {
      owner.fail(e);
    }
  }

  /**
   * Node's onnewsession: the session goes to 'newSession', and the connection's outgoing data
   * waits in the slot until the listener's callback (see {@link #holdsOutgoing()}).
   */
  private void storeSession(TlsEngine.MadeSession session) {
    PendingHook slot = new PendingHook(Hook.NEW_SESSION);
    pending = slot;
    Runnable callback = () -> answer(slot, () -> {});
    try {
      if (!config.server().emit(TlsServer.NEW_SESSION, new NewSession(session.id(), session.der(), callback))) {
        callback.run();
      }
    } catch (RuntimeException e) {
      owner.fail(e);
    }
  }

  /** Whether a 'newSession' callback is still awaited: the socket sends no data meanwhile. */
  boolean holdsOutgoing() {
    PendingHook slot = pending;
    return slot != null && slot.hook == Hook.NEW_SESSION;
  }

  @Override
  public boolean pauseForClientHello(byte[] sessionId, boolean offersTicket) {
    // Node's rule: no lookup without an ID, nor for a ticket, which resumes by itself.
    if (!askResume || answered.contains(Hook.RESUME_SESSION) || sessionId.length == 0 || offersTicket) {
      return false;
    }
    helloSessionId = sessionId;
    return true;
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
      // newSession holds only the outgoing data, so the handshake may be over when it is answered
      boolean paused = slot.hook != Hook.NEW_SESSION;
      if (pending != slot || (paused && phase != Phase.AWAITING_HOOK)) {
        return; // the connection was closed while the user was deciding
      }
      pending = null;
      answered.add(slot.hook);
      if (paused) {
        phase = Phase.HANDSHAKING;
      }
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

  /** The user callback's error that failed the handshake (Node sends the peer no alert then), or null. */
  RuntimeException callbackFailure() {
    return callbackFailure;
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
      return AlpnCallbackSelection.select(callback, Ssl.servername(engine.ssl()), offered, e -> callbackFailure = e);
    }
    byte[] ours = config.alpnProtocols();
    if (ours == null) {
      return SslCallbacks.ALPN_NOT_CONFIGURED;
    }
    int chosen = AlpnProtocols.select(ours, offered);
    return chosen < 0 ? SslCallbacks.ALPN_NO_OVERLAP : chosen;
  }

  @Override
  public byte[] pskForIdentity(String identity, int maxPskLength) {
    PskServerCallback callback = config.server() != null ? config.server().pskCallback() : null;
    return callback == null ? null
        : PskKeys.ask(() -> PskKeys.checked(callback.psk(owner.socket(), identity), maxPskLength), e -> callbackFailure = e);
  }

  @Override
  public SslCallbacks.PskAnswer pskForHint(String hint, int maxIdentityLength, int maxPskLength) {
    PskClientCallback callback = config.pskCallback();
    return callback == null ? null
        : PskKeys.ask(() -> PskKeys.checked(callback.psk(hint), maxIdentityLength, maxPskLength), e -> callbackFailure = e);
  }

  /**
   * Node's verification once the handshake is done: sets {@link #authorized()} and
   * {@link #authorizationError()}, and returns why the peer is refused, or null.
   */
  Rejection verify(PeerCertificate detailedPeer) {
    if (config.isServer()) {
      if (!requestCert) {
        return null;
      }
      NodeError error = verifyError();
      if (error == null) {
        authorized = true;
        return null;
      }
      authorizationError = error.code();
      return rejectUnauthorized ? new Rejection(null) : null;
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
    return rejectUnauthorized ? new Rejection(error) : null;
  }

  /**
   * The chain's verdict as Node reports it: the X509 result when the peer sent a certificate; when
   * it sent none, none for a PSK-authenticated connection, else UNABLE_TO_GET_ISSUER_CERT (Node's
   * VerifyPeerCertificate).
   */
  private NodeError verifyError() {
    return engine.query(null, ssl -> {
      try (Owned peer = Ssl.peerCertificate(ssl)) {
        if (peer == null) {
          return Ssl.pskAuthenticated(ssl) ? null : VerifyErrors.forCode(X509Verify.UNABLE_TO_GET_ISSUER_CERT);
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

  /**
   * The client's sessions to emit as 'session' now, after the SSL call that made them returned.
   * Until the peer is {@code verified} only the latest is kept, as Node keeps it; once verified it
   * comes first, then any new ones. A server's sessions go to its 'newSession' instead.
   */
  List<byte[]> takeSessions(boolean verified) {
    List<TlsEngine.MadeSession> made = engine.takeSessions();
    if (config.isServer()) {
      if (storeSessions) {
        made.forEach(this::storeSession);
      }
      return List.of();
    }
    if ((made.isEmpty() && (!verified || unverifiedSession == null))) {
      return List.of();
    }
    if (!verified) {
      unverifiedSession = made.getLast().der();
      return List.of();
    }
    List<byte[]> ready = new ArrayList<>(made.size() + 1);
    if (unverifiedSession != null) {
      ready.add(unverifiedSession);
      unverifiedSession = null;
    }
    for (TlsEngine.MadeSession session : made) {
      ready.add(session.der());
    }
    return ready;
  }

  /** Frees the SSL; a hook answered later is dropped. */
  void close() {
    phase = Phase.CLOSED;
    pending = null;
    engine.close();
  }
}

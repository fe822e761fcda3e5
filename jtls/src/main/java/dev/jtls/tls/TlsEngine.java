package dev.jtls.tls;

import dev.jtls.internal.openssl.Bio;
import dev.jtls.internal.openssl.Err;
import dev.jtls.internal.openssl.InputBio;
import dev.jtls.internal.openssl.Owned;
import dev.jtls.internal.openssl.Ssl;
import dev.jtls.internal.openssl.SslCallbacks;
import dev.jtls.internal.openssl.SslCtx;
import dev.jtls.internal.openssl.SslOwners;
import dev.jtls.internal.openssl.SslSession;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The sans-I/O core of one TLS connection: an OpenSSL SSL between two memory BIOs. Ciphertext
 * goes in with {@link #feed}, plaintext comes out of {@link #read}; plaintext goes in with
 * {@link #write}, ciphertext comes out of {@link #drain}. It never touches a socket, so it can be
 * driven by any transport, and every failure is an {@link OpenSslError} with Node's code.
 *
 * <p>Every use of the SSL, and its free, holds a short lock, so {@link #query} is safe from any
 * thread without waiting for the owning loop: the lock is never held while Java code other than
 * OpenSSL's recording callbacks runs, so no thread can wait on it for longer than one SSL call.
 */
final class TlsEngine implements AutoCloseable {
  /** {@link #read} result: OpenSSL needs more ciphertext before it has plaintext. */
  static final int WANT_READ = 0;
  /** {@link #read} result: the peer sent close_notify. */
  static final int CLOSED = -1;

  /** The decisions OpenSSL asks for from inside a handshake; the driver answers them. */
  interface Policy {
    /** The server's cert callback: true to pause the handshake for {@link Hook#SNI}. */
    boolean pauseForCertificate();

    /** See {@link SslCallbacks#selectAlpn}. */
    int selectAlpn(byte[] offered);

    /** Whether key log lines are wanted: a context that logs keys logs them for every connection, so one nobody listens to keeps none. */
    boolean wantsKeylog();

    /** The server's client-hello callback: true to pause the handshake for {@link Hook#RESUME_SESSION}. */
    default boolean pauseForClientHello(byte[] sessionId, boolean offersTicket) {
      return false;
    }

    /** See {@link SslCallbacks#pskForIdentity}. */
    default byte[] pskForIdentity(String identity, int maxPskLength) {
      return null;
    }

    /** See {@link SslCallbacks#pskForHint}. */
    default SslCallbacks.PskAnswer pskForHint(String hint, int maxIdentityLength, int maxPskLength) {
      return null;
    }

    /** No hooks and no ALPN: for engines driven without a socket. */
    Policy NONE = new Policy() {
      @Override
      public boolean pauseForCertificate() {
        return false;
      }

      @Override
      public int selectAlpn(byte[] offered) {
        return SslCallbacks.ALPN_NOT_CONFIGURED;
      }

      @Override
      public boolean wantsKeylog() {
        return false;
      }
    };
  }

  private final Owned ssl;
  /** Where {@link #enableTrace} writes: standard error; null until then. Freed after the SSL. */
  private Owned traceBio;
  private final SecureContext origin;
  /**
   * The origin's SSL_CTX, taken while it is open: OpenSSL's session context for this SSL, which
   * holds its own reference for the SSL's lifetime, so it stays valid after the owner closed the
   * SecureContext (a TlsSocket's own context is closed once its engine exists).
   */
  private final MemorySegment originCtx;
  private final InputBio input;
  private final MemorySegment wbio;
  /** The size of the output {@link #pendingOutput} last showed: discarding as much empties the output BIO. */
  private int peekedOutput;
  /**
   * The output BIO held more than one record since it was last emptied, so its buffer may have grown
   * past {@link Bio#ONE_RECORD_CAPACITY}: only then is its size looked at, so a connection writing a
   * record at a time pays nothing.
   */
  private boolean outputBurst;
  /** Below this much output, the output BIO's buffer (4/3 of it at most) stays within {@link Bio#IDLE_CAPACITY}. */
  private static final int SMALL_OUTPUT = (int) (Bio.IDLE_CAPACITY * 3 / 4) - 3;
  /** {@link IdleOutputs} watches this engine: its output BIO may hold more than an idle connection keeps. */
  private boolean outputWatched;
  /** Output left since the last {@link #releaseIdleOutput} check. */
  private boolean outputSent;
  private final ReentrantLock lock = new ReentrantLock();
  private final Policy policy;
  private List<byte[]> keylog;
  private List<HandshakeSignal> signals;
  private List<MadeSession> sessions;
  private volatile boolean recordSessions;
  private volatile boolean watchClientHello;
  /** The session a server's resumeSession listener gave, until OpenSSL took it or the handshake ended. */
  private Owned sessionToResume;
  private Hook pausedFor;
  /** Errors Node leaves queued ahead of the handshake's own (see {@link #useContext}); null when none. */
  private List<Err.Entry> queuedAhead;

  /** {@code policy} answers OpenSSL's questions, until {@link #close()}. */
  TlsEngine(SecureContext context, boolean server, Policy policy) {
    this.policy = policy;
    MemorySegment[] bios = new MemorySegment[2];
    this.ssl = context.newSsl(bios);
    this.origin = context;
    MemorySegment s = ssl.get();
    this.input = new InputBio(s, bios[0]);
    this.wbio = bios[1];
    this.originCtx = Ssl.sslCtx(s); // from the SSL, as the SecureContext may be closed concurrently
    SslOwners.attach(s, new Recorder());
    // The BIOs never block, so SSL_write always completes; moving buffers lets one scratch buffer serve every call.
    Ssl.setMode(s, Ssl.SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | Ssl.SSL_MODE_RELEASE_BUFFERS);
    if (server) {
      Ssl.setAcceptState(s);
    } else {
      Ssl.setConnectState(s);
    }
  }

  /**
   * What OpenSSL's callbacks say during an SSL call on the loop: recorded here and handed to the
   * caller with the call's result, never acted on while OpenSSL is inside the SSL.
   */
  private final class Recorder implements SslCallbacks {
    @Override
    public MemorySegment ticketContext() {
      return originCtx;
    }

    @Override
    public boolean wantsKeylog() {
      return policy.wantsKeylog();
    }

    @Override
    public void keylog(String line) {
      if (keylog == null) {
        keylog = new ArrayList<>(4);
      }
      keylog.add((line + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void handshakeStarted() {
      signal(HandshakeSignal.STARTED);
    }

    @Override
    public void handshakeDone() {
      signal(HandshakeSignal.DONE);
    }

    private void signal(HandshakeSignal signal) {
      if (signals == null) {
        signals = new ArrayList<>(2);
      }
      signals.add(signal);
    }

    @Override
    public int certificateNeeded() {
      if (policy.pauseForCertificate()) {
        pausedFor = Hook.SNI;
        return -1;
      }
      return 1;
    }

    @Override
    public int selectAlpn(byte[] offered) {
      return policy.selectAlpn(offered);
    }

    @Override
    public boolean recordsSessions() {
      return recordSessions;
    }

    @Override
    public byte[] pskForIdentity(String identity, int maxPskLength) {
      return policy.pskForIdentity(identity, maxPskLength);
    }

    @Override
    public PskAnswer pskForHint(String hint, int maxIdentityLength, int maxPskLength) {
      return policy.pskForHint(hint, maxIdentityLength, maxPskLength);
    }

    @Override
    public boolean watchesClientHello() {
      return watchClientHello;
    }

    @Override
    public int clientHello(byte[] sessionId, boolean offersTicket) {
      if (policy.pauseForClientHello(sessionId, offersTicket)) {
        pausedFor = Hook.RESUME_SESSION;
        return CLIENT_HELLO_RETRY;
      }
      return CLIENT_HELLO_SUCCESS;
    }

    @Override
    public MemorySegment sessionToResume(byte[] sessionId) {
      return sessionToResume == null ? MemorySegment.NULL : sessionToResume.get();
    }

    @Override
    public void newSession(byte[] id, byte[] der) {
      if (sessions == null) {
        sessions = new ArrayList<>(2);
      }
      sessions.add(new MadeSession(id, der));
    }
  }

  /** A session OpenSSL made during an SSL call: its ID and its DER form (i2d_SSL_SESSION). */
  record MadeSession(byte[] id, byte[] der) {}

  /** From now on, sessions OpenSSL makes are recorded for {@link #takeSessions()}; any thread. */
  void recordSessions() {
    recordSessions = true;
  }

  /** Key log lines are wanted from now on (a 'keylog' listener was added); any thread. */
  void logKeys() {
    lock.lock();
    try {
      if (!ssl.isClosed()) {
        routeKeylog(Ssl.sslCtx(ssl.get()));
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sets the key log callback on {@code current} (the SSL's context, where OpenSSL looks for it)
   * when the owner listens. A context has none until a connection of it listens, as OpenSSL formats
   * every line (a few hundred sprintf calls per handshake) and makes an upcall for it only when the
   * callback is set; once set it stays, as Node's enableKeylogCallback does, and owners that do not
   * listen drop the lines in the callback. Holds the lock.
   */
  private void routeKeylog(MemorySegment current) {
    if (policy.wantsKeylog()) {
      SslCtx.routeKeylogToOwners(current);
    }
  }

  /** A server asks its policy at each ClientHello ({@link Policy#pauseForClientHello}); on the loop before the handshake. */
  void watchClientHello() {
    watchClientHello = true;
  }

  /**
   * A server resumes the session in {@code der} if the client's ClientHello asks for it (the
   * get-session callback hands it over); bytes that are not a session mean a full handshake.
   */
  void loadSession(byte[] der) {
    lock.lock();
    try {
      dropSessionToResume();
      Err.clear();
      sessionToResume = SslSession.fromDer(der);
      Err.clear();
    } finally {
      lock.unlock();
    }
  }

  private void dropSessionToResume() {
    if (sessionToResume != null) {
      sessionToResume.close();
      sessionToResume = null;
    }
  }

  /** The sessions recorded since the last call that returned them (empty when none). */
  List<MadeSession> takeSessions() {
    List<MadeSession> made = sessions;
    if (made == null) {
      return List.of();
    }
    sessions = null;
    return made;
  }

  /**
   * A client offers the session in {@code der} for resumption. Bytes that are not a session are
   * ignored (a full handshake follows), as Node ignores them; false then.
   */
  boolean offerSession(byte[] der) {
    lock.lock();
    try {
      Err.clear();
      try (Owned session = SslSession.fromDer(der)) {
        boolean offered = session != null && SslSession.set(ssl.get(), session.get());
        Err.clear();
        return offered;
      }
    } finally {
      lock.unlock();
    }
  }

  /** The connection's current session in DER form, or null (none yet, or closed). */
  byte[] sessionDer() {
    return query(null, s -> {
      MemorySegment session = SslSession.current(s);
      return session.equals(MemorySegment.NULL) ? null : SslSession.toDer(session);
    });
  }

  /** The ticket of the connection's current session, or null when it has none. */
  byte[] ticket() {
    return query(null, s -> {
      MemorySegment session = SslSession.current(s);
      return session.equals(MemorySegment.NULL) ? null : SslSession.ticket(session);
    });
  }

  /** The SSL*, for configuration on the loop before the handshake starts. */
  MemorySegment ssl() {
    return ssl.get();
  }

  boolean isClosed() {
    return ssl.isClosed();
  }

  /**
   * Runs {@code query} on the live SSL under the lock, from any thread; {@code whenClosed} once
   * the engine is closed.
   */
  <T> T query(T whenClosed, Function<MemorySegment, T> query) {
    lock.lock();
    try {
      return ssl.isClosed() ? whenClosed : query.apply(ssl.get());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Hands {@code len} bytes of ciphertext from the network at {@code src} to OpenSSL. They are lent,
   * not copied: {@code src} and {@code slot} ({@link Bio#BUF_MEM_SIZE} bytes describing them) must
   * stay untouched until {@link #settleInput()}, which the caller runs once the SSL calls that
   * consume them are done (see {@link InputBio#lend}).
   */
  void feed(MemorySegment src, int len, MemorySegment slot) {
    input.lend(src, len, slot);
  }

  /** Hands {@code len} bytes of ciphertext to OpenSSL by copying them into the input BIO's own buffer. */
  void feed(MemorySegment src, int len) {
    input.copy(src, len);
  }

  /**
   * Ends the loan of {@link #feed(MemorySegment, int, MemorySegment)} (see {@link InputBio#settle}).
   * On the loop, after the SSL calls.
   */
  void settleInput() {
    if (!ssl.isClosed()) {
      input.settle();
    }
  }

  /** The bytes of buffer the input BIO holds (0 at rest), for the memory it costs an idle connection. */
  long inputCapacity() {
    return ssl.isClosed() ? 0 : input.capacity();
  }

  /** Advances the handshake. Throws OpenSslError when it fails (the alert is then pending). */
  EngineStep handshake() {
    lock.lock();
    try {
      if (ssl.isClosed()) {
        return new EngineStep(EngineStep.Kind.CLOSED, null, List.of());
      }
      pausedFor = null;
      Err.clear();
      int ret = Ssl.doHandshake(ssl.get());
      if (ret == 1) {
        queuedAhead = null; // the handshake succeeded all the same: nothing reports the entry
        dropSessionToResume(); // OpenSSL holds its own reference if it resumed
        return step(EngineStep.Kind.DONE);
      }
      int error = Ssl.getError(ssl.get(), ret);
      return switch (error) {
        case Ssl.SSL_ERROR_WANT_READ, Ssl.SSL_ERROR_WANT_WRITE -> step(EngineStep.Kind.NEEDS_INPUT);
        case Ssl.SSL_ERROR_WANT_X509_LOOKUP, SslSession.SSL_ERROR_WANT_CLIENT_HELLO_CB -> step(EngineStep.Kind.PAUSED);
        case Ssl.SSL_ERROR_ZERO_RETURN -> step(EngineStep.Kind.CLOSED);
        default -> throw failure(error);
      };
    } finally {
      lock.unlock();
    }
  }

  private EngineStep step(EngineStep.Kind kind) {
    Hook hook = kind == EngineStep.Kind.PAUSED ? pausedFor : null;
    if (kind == EngineStep.Kind.PAUSED && hook == null) {
      throw new IllegalStateException("OpenSSL paused the handshake without a hook asking for it");
    }
    return new EngineStep(kind, hook, takeKeylog());
  }

  /** The key log lines recorded since the last call that returned them (empty when none). */
  List<byte[]> takeKeylog() {
    List<byte[]> lines = keylog;
    if (lines == null) {
      return List.of();
    }
    keylog = null;
    return lines;
  }

  /**
   * From now on OpenSSL's info callback records handshake starts and completions (see
   * {@link #takeSignals}). Turned on once the first handshake is done, and only where renegotiation
   * exists (TLSv1.2 and below), so no handshake pays for an upcall per state-machine step.
   */
  void enableHandshakeSignals() {
    lock.lock();
    try {
      if (!ssl.isClosed()) {
        Ssl.enableInfoCallback(ssl.get());
      }
    } finally {
      lock.unlock();
    }
  }

  /** Handshake starts and completions recorded since the last call that returned them (empty when none). */
  List<HandshakeSignal> takeSignals() {
    List<HandshakeSignal> taken = signals;
    if (taken == null) {
      return List.of();
    }
    signals = null;
    return taken;
  }

  /**
   * Schedules a TLSv1.2 renegotiation (SSL_renegotiate) with the verify mode {@code verifyMode}; the
   * next handshake step sends its first message. Returns null, or why OpenSSL refused (under
   * TLSv1.3: wrong ssl version).
   */
  OpenSslError renegotiate(int verifyMode, boolean server) {
    lock.lock();
    try {
      if (ssl.isClosed()) {
        return null;
      }
      MemorySegment s = ssl.get();
      Ssl.setVerify(s, verifyMode);
      if (server) {
        // A resumed session would skip the certificate request this renegotiation may exist for.
        Ssl.setOptions(s, Ssl.SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION);
      }
      Err.clear();
      if (Ssl.renegotiate(s)) {
        return null;
      }
      List<Err.Entry> entries = Err.drain();
      if (entries.isEmpty()) {
        throw new IllegalStateException("SSL_renegotiate failed with an empty error queue");
      }
      return OpenSslError.forTls(entries);
    } finally {
      lock.unlock();
    }
  }

  /** Pause-capable server handshakes: the policy is asked before the certificate is chosen. */
  void enableCertCallback() {
    Ssl.enableCertCallback(ssl.get());
  }

  /** See {@link Ssl#enablePskServer}: false when OpenSSL refused {@code hint}. */
  boolean enablePskServer(String hint) {
    return Ssl.enablePskServer(ssl.get(), hint);
  }

  /** See {@link Ssl#enablePskClient}. */
  void enablePskClient() {
    Ssl.enablePskClient(ssl.get());
  }

  /** Serve this connection from {@code context} from now on (SNI). */
  void useContext(SecureContext context) {
    lock.lock();
    try {
      if (!ssl.isClosed()) {
        context.serve(ssl.get(), origin);
        routeKeylog(context.handle());
        if (!SslCtx.hasCertificate(context.handle())) {
          // Node installs an SNI context's certificate with SSL_use_certificate and ignores its
          // failure, so for a context without one "passed a null parameter" stays queued and is
          // what Node reports when the handshake then fails. The same call leaves the same entry here.
          Err.clear();
          Ssl.useCertificate(ssl.get(), MemorySegment.NULL);
          queuedAhead = Err.drain();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Decrypts into {@code dst}: the byte count, {@link #WANT_READ} or {@link #CLOSED}. */
  int read(MemorySegment dst, int capacity) {
    lock.lock();
    try {
      if (ssl.isClosed()) {
        return CLOSED;
      }
      Err.clear();
      int ret = Ssl.read(ssl.get(), dst, capacity);
      if (ret > 0) {
        return ret;
      }
      int error = Ssl.getError(ssl.get(), ret);
      return switch (error) {
        case Ssl.SSL_ERROR_WANT_READ, Ssl.SSL_ERROR_WANT_WRITE -> WANT_READ;
        case Ssl.SSL_ERROR_ZERO_RETURN -> CLOSED;
        default -> throw failure(error);
      };
    } finally {
      lock.unlock();
    }
  }

  /**
   * Encrypts all {@code len} bytes of {@code src} (at most one record); the records wait in the
   * output BIO. False when OpenSSL must first read the peer's handshake messages (a renegotiation
   * is under way): nothing was taken, and the same bytes must be offered again after more
   * ciphertext has been fed.
   */
  boolean write(MemorySegment src, int len) {
    lock.lock();
    try {
      Err.clear();
      int ret = Ssl.write(ssl.get(), src, len);
      if (ret == len) {
        return true;
      }
      int error = Ssl.getError(ssl.get(), ret);
      if (error == Ssl.SSL_ERROR_WANT_READ) {
        return false;
      }
      throw failure(error);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The ciphertext waiting to go to the network, viewed in the output BIO's own memory (no copy), or
   * null when there is none. Valid until {@link #discardOutput} or the next call into this engine.
   */
  java.nio.ByteBuffer pendingOutput() {
    java.nio.ByteBuffer out = ssl.isClosed() ? null : Bio.peek(wbio);
    peekedOutput = out == null ? 0 : out.remaining();
    if (out != null) {
      outputSent = true;
      if (peekedOutput > Bio.MAX_RECORD) {
        outputBurst = true;
      }
      if (peekedOutput > SMALL_OUTPUT && !outputWatched) {
        outputWatched = true;
        IdleOutputs.watch(this);
      }
    }
    return out;
  }

  /** Ciphertext bytes waiting to go to the network. */
  long pending() {
    return Bio.pending(wbio);
  }

  /** Moves up to {@code capacity} bytes of pending ciphertext into {@code dst}; returns the count. */
  int drain(MemorySegment dst, int capacity) {
    return Math.max(Bio.read(wbio, dst, capacity), 0);
  }

  /** Drops the first {@code n} bytes of {@link #pendingOutput()}: they went to the network. */
  void discardOutput(int n) {
    if (!ssl.isClosed()) {
      Bio.skip(wbio, n);
      if (outputBurst && n >= peekedOutput) {
        // All sent, so nothing is copied; a burst's buffer is not kept even while the connection is busy.
        outputBurst = false;
        Bio.shrinkEmpty(wbio, Bio.ONE_RECORD_CAPACITY);
      }
    }
  }

  /**
   * {@link IdleOutputs}' check, once a period on the loop: an engine that sent nothing since the last
   * one gets its emptied output buffer freed. True when it needs no more watching (freed, or closed).
   */
  boolean releaseIdleOutput() {
    lock.lock();
    try {
      if (ssl.isClosed()) {
        return true;
      }
      if (outputSent || Bio.pending(wbio) > 0) {
        outputSent = false;
        return false;
      }
      Bio.shrinkEmpty(wbio, Bio.IDLE_CAPACITY);
      outputWatched = false;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The bytes of buffer the output BIO holds, for the memory it costs an idle connection. */
  long outputCapacity() {
    return ssl.isClosed() ? 0 : Bio.capacity(wbio);
  }

  /** Queues close_notify. */
  void shutdown() {
    lock.lock();
    try {
      Err.clear();
      Ssl.shutdown(ssl.get());
      Err.clear();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Traces this connection's TLS messages to standard error from now on (Node's enableTrace()),
   * from any thread; nothing once closed, or when this OpenSSL has no SSL_trace.
   */
  void enableTrace() {
    lock.lock();
    try {
      if (ssl.isClosed() || traceBio != null) {
        return;
      }
      traceBio = Bio.newStderr();
      if (!Ssl.trace(ssl.get(), traceBio.get())) {
        traceBio.close();
        traceBio = null;
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (!ssl.isClosed()) {
        SslOwners.detach(ssl.get());
        ssl.close();
      }
      if (traceBio != null) {
        traceBio.close();
        traceBio = null;
      }
      dropSessionToResume();
    } finally {
      lock.unlock();
    }
  }

  private RuntimeException failure(int sslError) {
    List<Err.Entry> entries = Err.drain();
    if (queuedAhead != null) {
      List<Err.Entry> all = new ArrayList<>(queuedAhead);
      all.addAll(entries);
      entries = all;
      queuedAhead = null;
    }
    if (!entries.isEmpty()) {
      return OpenSslError.forTls(entries);
    }
    return new IllegalStateException("OpenSSL failed with SSL_get_error " + sslError + " and an empty error queue");
  }
}

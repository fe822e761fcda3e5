package dev.jtls.tls;

import dev.jtls.events.Event;
import dev.jtls.events.NodeError;
import dev.jtls.internal.ip.IpAddresses;
import dev.jtls.internal.openssl.Err;
import dev.jtls.internal.openssl.Owned;
import dev.jtls.internal.openssl.Ssl;
import dev.jtls.internal.openssl.SslCallbacks;
import dev.jtls.internal.openssl.X509Verify;
import dev.jtls.net.AddressInfo;
import dev.jtls.net.NetSocket;
import dev.jtls.net.Timer;
import dev.jtls.stream.Duplex;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Node's {@code tls.TLSSocket}: transparent encryption over any {@link Duplex} carrying ciphertext
 * (normally a {@link NetSocket}). It is itself a Duplex of plaintext, with Node's events, in
 * Node's order: {@code 'secure'}, then {@code 'secureConnect'} (client) or the server's
 * {@code 'secureConnection'}, then data, {@code 'end'}, {@code 'close'}.
 */
public class TlsSocket extends Duplex {
  /** {@code 'secureConnect'} (client): the handshake completed, whether or not the peer was authorized. */
  public static final Event<Void> SECURE_CONNECT = Event.of("secureConnect");
  /** {@code 'secure'}: the handshake completed (emitted on client and server sockets). */
  public static final Event<Void> SECURE = Event.of("secure");
  /**
   * {@code 'keylog'}: a line of key material in NSS SSLKEYLOGFILE format, newline included, as
   * OpenSSL generates or receives it. Adding a listener turns key logging on for the socket's
   * context, so lines generated before that are not seen.
   */
  public static final Event<byte[]> KEYLOG = Event.of("keylog", byte[].class);
  /** {@code 'connect'}: the underlying TCP connection is established (client). */
  public static final Event<Void> CONNECT = NetSocket.CONNECT;
  /** {@code 'timeout'}: the underlying socket was idle for the time set with {@link #setTimeout}. */
  public static final Event<Void> TIMEOUT = NetSocket.TIMEOUT;

  private final Duplex transport;
  private final NetSocket net;
  private final TlsSocketConfig config;
  private TlsEngine engine;

  private LoopBuffers buffers;
  private List<byte[]> keylogLines;
  private boolean cycling;
  private boolean started;
  private boolean secureEstablished;
  private boolean controlReleased;
  private boolean hadError;
  private boolean readBlocked;
  private boolean authorized;
  private String authorizationError;
  private String servername;
  private String alpnProtocol;
  /** SNI: the cert callback paused the handshake for the SNICallback; it was asked; it answered. */
  private boolean sniPaused;
  private boolean sniAsked;
  private boolean sniResolved;
  private Timer handshakeTimer;
  private byte[][] heldChunks;
  private Consumer<Throwable> heldWriteDone;
  private Consumer<Throwable> heldFinal;

  /**
   * Node's {@code new tls.TLSSocket(socket[, options])}: wraps an existing transport. As in Node,
   * a socket made this way emits 'secure' but not 'secureConnect'.
   */
  public TlsSocket(Duplex socket, TlsSocketOptions options) {
    Tls.requireOpenSsl();
    this(socket, TlsSocketConfig.of(socket, options));
  }

  TlsSocket(Duplex socket, TlsSocketConfig config) {
    super(socket.loop(), config.allowHalfOpen());
    this.transport = socket;
    this.net = socket instanceof NetSocket n ? n : null;
    this.config = config;
    this.engine = new TlsEngine(config.context(), config.isServer(), new Callbacks());
    config.engineCreated();
    loop().run(this::attach);
  }

  // ---------------------------------------------------------------- wiring to the transport

  private void attach() {
    if (config.managesTransport()) {
      transport.allowHalfOpen(true);
    }
    if (config.isServer() && config.handshakeTimeout() > 0) {
      handshakeTimer = loop().setTimeout(
          () -> fail(new NodeError("ERR_TLS_HANDSHAKE_TIMEOUT", "TLS handshake timeout")), config.handshakeTimeout());
    }
    configureEngine();
    if (net != null) {
      net.setOnread(this::onCiphertext);
      net.on(NetSocket.CONNECT, () -> {
        emit(CONNECT);
        start();
      });
      net.on(NetSocket.TIMEOUT, () -> emit(TIMEOUT));
    } else {
      transport.on(DATA, chunk -> {
        if (!onCiphertext(chunk)) {
          transport.pause();
        }
      });
    }
    transport.on(END, this::onTransportEnd);
    transport.on(ERROR, this::fail);
    transport.on(CLOSE, hadError -> onTransportClose());
    if (net == null || !net.connecting()) {
      start();
    }
  }

  private void configureEngine() {
    MemorySegment ssl = engine.ssl();
    if (config.isServer()) {
      int mode = Ssl.SSL_VERIFY_NONE;
      if (config.requestCert()) {
        mode = Ssl.SSL_VERIFY_PEER | (config.rejectUnauthorized() ? Ssl.SSL_VERIFY_FAIL_IF_NO_PEER_CERT : 0);
      }
      Ssl.setVerify(ssl, mode);
      if (config.alpnProtocols() != null) {
        Ssl.enableAlpnSelection(ssl);
      }
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

  private void start() {
    if (started || destroyed()) {
      return;
    }
    started = true;
    cycle();
  }

  /** Ciphertext from a NetSocket (the loop's read buffer, valid only during this call). */
  private boolean onCiphertext(ByteBuffer data) {
    if (engine == null) {
      return false;
    }
    engine.feed(MemorySegment.ofBuffer(data), data.remaining());
    cycle();
    return !readBlocked;
  }

  /** Ciphertext from any other Duplex. */
  private boolean onCiphertext(byte[] chunk) {
    LoopBuffers b = loopBuffers();
    int off = 0;
    while (off < chunk.length && engine != null) {
      int n = Math.min(chunk.length - off, LoopBuffers.NET_CAPACITY);
      MemorySegment.copy(chunk, off, b.netInSegment, ValueLayout.JAVA_BYTE, 0, n);
      engine.feed(b.netInSegment, n);
      off += n;
    }
    if (engine != null) {
      cycle();
    }
    return !readBlocked;
  }

  /** Advances the handshake, then moves plaintext to the reader and ciphertext to the network. */
  private void cycle() {
    cycling = true;
    try {
      if (!secureEstablished) {
        boolean done = engine.handshake();
        emitKeylog();
        if (engine == null) {
          return;
        }
        if (!done) {
          flushNet();
          askSniCallback();
          return;
        }
        // As in Node, the handshake's last flight leaves only after the 'secure' listeners ran:
        // a peer they refuse (destroying this socket) never completes its side of the handshake.
        onHandshakeDone();
        if (engine == null || destroyed()) {
          return;
        }
      }
      readPlaintext();
      if (engine != null) {
        flushNet();
      }
      if (heldWriteDone != null && engine != null && !destroyed()) {
        releaseHeldWrites();
      }
    } catch (OpenSslError e) {
      emitKeylog();
      if (engine != null) {
        flushNet(); // the alert OpenSSL queued for the peer
      }
      fail(e);
    } finally {
      cycling = false;
    }
  }

  /**
   * What OpenSSL tells this socket from inside an SSL call. It only records or answers; the socket
   * acts on it once the call has returned (see SslCallbacks).
   */
  private final class Callbacks implements SslCallbacks {
    @Override
    public void keylog(String line) {
      if (keylogLines == null) {
        keylogLines = new ArrayList<>(4);
      }
      keylogLines.add((line + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public int certificateNeeded() {
      if (sniResolved || config.sniCallback() == null) {
        return 1;
      }
      if (Ssl.servername(engine.ssl()) == null) {
        sniResolved = true; // as in Node, no SNICallback without a server name
        return 1;
      }
      sniPaused = true;
      return -1;
    }

    @Override
    public int selectAlpn(byte[] offered) {
      byte[] ours = config.alpnProtocols();
      if (ours == null) {
        return ALPN_NOT_CONFIGURED;
      }
      int chosen = AlpnProtocols.select(ours, offered);
      return chosen < 0 ? ALPN_NO_OVERLAP : chosen;
    }
  }

  /**
   * Node's loadSNI: once the cert callback paused the handshake, hands the server name to the
   * SNICallback and resumes when it answers, whenever and on whatever thread that is.
   */
  private void askSniCallback() {
    if (!sniPaused || sniAsked || engine == null) {
      return;
    }
    sniAsked = true;
    boolean[] answered = {false};
    try {
      config.sniCallback().select(Ssl.servername(engine.ssl()), (error, context) -> onLoop(() -> {
        if (answered[0]) {
          destroy(new NodeError("ERR_MULTIPLE_CALLBACK", "Callback called multiple times"));
          return;
        }
        answered[0] = true;
        sniAnswered(error, context);
      }));
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  private void sniAnswered(Throwable error, SecureContext context) {
    if (engine == null) {
      return;
    }
    if (error != null) {
      fail(error);
      return;
    }
    try {
      if (context != null) {
        engine.useContext(context);
      }
    } catch (RuntimeException e) {
      fail(e);
      return;
    }
    sniResolved = true;
    cycle();
  }

  /** Emits the key log lines of the SSL call that just returned. */
  private void emitKeylog() {
    List<byte[]> lines = keylogLines;
    if (lines == null) {
      return;
    }
    keylogLines = null;
    for (byte[] line : lines) {
      emit(KEYLOG, line);
    }
  }

  @Override
  protected void listenerAdded(Event<?> event) {
    super.listenerAdded(event);
    if (event == KEYLOG) {
      onLoop(() -> {
        if (engine != null) {
          engine.enableKeylog();
        }
      });
    }
  }

  private void readPlaintext() {
    LoopBuffers b = loopBuffers();
    while (engine != null && !readBlocked) {
      int n = engine.read(b.plain, LoopBuffers.PLAIN_CAPACITY);
      if (n == TlsEngine.WANT_READ) {
        return;
      }
      if (n == TlsEngine.CLOSED) {
        pushEnd();
        return;
      }
      byte[] chunk = b.plain.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
      if (!push(chunk)) {
        readBlocked = true;
      }
    }
  }

  @Override
  protected void _read() {
    if (readBlocked) {
      readBlocked = false;
      if (engine != null) {
        cycle();
      }
      if (!readBlocked) {
        transport.resume();
      }
    }
  }

  /** Sends every pending ciphertext byte to the transport. */
  private void flushNet() {
    LoopBuffers b = loopBuffers();
    while (engine != null && engine.pending() > 0) {
      int n = engine.drain(b.netOutSegment, LoopBuffers.NET_CAPACITY);
      if (n == 0) {
        return;
      }
      b.netOut.clear().limit(n);
      transport.write(b.netOut);
    }
  }

  private LoopBuffers loopBuffers() {
    LoopBuffers b = buffers;
    if (b == null) {
      b = buffers = LoopBuffers.of(loop());
    }
    return b;
  }

  // ---------------------------------------------------------------- handshake completion

  private void onHandshakeDone() {
    secureEstablished = true;
    if (handshakeTimer != null) {
      handshakeTimer.cancel();
      handshakeTimer = null;
    }
    servername = Ssl.servername(engine.ssl());
    alpnProtocol = Ssl.alpnSelected(engine.ssl());
    emit(SECURE);
    if (engine == null) {
      return;
    }
    if (config.isServer()) {
      onServerSecure();
    } else {
      onClientSecure();
    }
    if (engine != null && !destroyed()) {
      releaseHeldWrites();
    }
  }

  private void onClientSecure() {
    Throwable verifyError = verifyError();
    if (verifyError == null) {
      verifyError = config.checkServerIdentity().check(config.identityHost(), getPeerCertificate(true));
    }
    if (verifyError != null) {
      authorized = false;
      authorizationError = verifyError instanceof NodeError ne && ne.code() != null ? ne.code() : verifyError.getMessage();
      if (config.rejectUnauthorized()) {
        destroy(verifyError);
        return;
      }
    } else {
      authorized = true;
    }
    controlReleased = true;
    if (config.emitsSecureConnect()) {
      emit(SECURE_CONNECT);
    }
  }

  private void onServerSecure() {
    if (config.requestCert()) {
      NodeError verifyError = verifyError();
      if (verifyError != null) {
        authorizationError = verifyError.code();
        if (config.rejectUnauthorized()) {
          destroy();
          return;
        }
      } else {
        authorized = true;
      }
    }
    controlReleased = true;
    if (config.server() != null) {
      config.server().secureConnection(this);
    }
  }

  /**
   * The chain's verdict as Node reports it: the X509 result when the peer sent a certificate, and
   * UNABLE_TO_GET_ISSUER_CERT when it sent none (Node's VerifyPeerCertificate default).
   */
  private NodeError verifyError() {
    try (Owned peer = Ssl.peerCertificate(engine.ssl())) {
      if (peer == null) {
        return VerifyErrors.forCode(X509Verify.UNABLE_TO_GET_ISSUER_CERT);
      }
      return VerifyErrors.forCode(Ssl.verifyResult(engine.ssl()));
    }
  }

  // ---------------------------------------------------------------- writable side

  @Override
  protected void _write(byte[] chunk, Consumer<Throwable> done) {
    encrypt(new byte[][] {chunk}, done);
  }

  @Override
  protected boolean hasWritev() {
    return true;
  }

  @Override
  protected void _writev(List<byte[]> chunks, Consumer<Throwable> done) {
    encrypt(chunks.toArray(byte[][]::new), done);
  }

  /**
   * Encrypts the chunks into as few records as fit (small writes of one tick share a record),
   * sends them in one transport write, and reports done when the transport has room again.
   */
  private void encrypt(byte[][] chunks, Consumer<Throwable> done) {
    if (!secureEstablished) {
      heldChunks = chunks;
      heldWriteDone = done;
      return;
    }
    if (engine == null) {
      done.accept(new NodeError("ERR_STREAM_DESTROYED", "Cannot call write after a stream was destroyed"));
      return;
    }
    byte[][] unwritten;
    try {
      unwritten = writeRecords(chunks);
      if (!cycling) {
        flushNet(); // inside a cycle (a reply written from a 'data' listener) the cycle flushes once at its end
      }
    } catch (OpenSslError e) {
      done.accept(e);
      return;
    }
    if (unwritten != null) {
      // A renegotiation must hear from the peer first; cycle() offers the rest again when ciphertext arrives.
      heldChunks = unwritten;
      heldWriteDone = done;
      return;
    }
    if (transport.writableNeedDrain()) {
      transport.once(DRAIN, () -> done.accept(null));
    } else {
      done.accept(null);
    }
  }

  /**
   * Hands the chunks to OpenSSL a record at a time. Returns null when it took them all, else the
   * bytes from the record it could not take yet onwards (so the retry offers that same record).
   */
  private byte[][] writeRecords(byte[][] chunks) {
    MemorySegment plain = loopBuffers().plain;
    int staged = 0;
    int recordChunk = 0;
    int recordOffset = 0;
    for (int i = 0; i < chunks.length; i++) {
      byte[] chunk = chunks[i];
      int off = 0;
      while (off < chunk.length) {
        if (staged == 0) {
          recordChunk = i;
          recordOffset = off;
        }
        int n = Math.min(chunk.length - off, LoopBuffers.PLAIN_CAPACITY - staged);
        MemorySegment.copy(chunk, off, plain, ValueLayout.JAVA_BYTE, staged, n);
        staged += n;
        off += n;
        if (staged == LoopBuffers.PLAIN_CAPACITY) {
          if (!engine.write(plain, staged)) {
            return remainder(chunks, recordChunk, recordOffset);
          }
          staged = 0;
        }
      }
    }
    if (staged > 0 && !engine.write(plain, staged)) {
      return remainder(chunks, recordChunk, recordOffset);
    }
    return null;
  }

  private static byte[][] remainder(byte[][] chunks, int chunk, int offset) {
    byte[][] rest = Arrays.copyOfRange(chunks, chunk, chunks.length);
    rest[0] = Arrays.copyOfRange(rest[0], offset, rest[0].length);
    return rest;
  }

  private void releaseHeldWrites() {
    if (heldWriteDone != null) {
      byte[][] chunks = heldChunks;
      Consumer<Throwable> done = heldWriteDone;
      heldChunks = null;
      heldWriteDone = null;
      encrypt(chunks, done);
    }
    if (heldFinal != null) {
      Consumer<Throwable> done = heldFinal;
      heldFinal = null;
      _final(done);
    }
  }

  @Override
  protected void _final(Consumer<Throwable> done) {
    if (!secureEstablished && engine != null) {
      heldFinal = done;
      return;
    }
    if (engine != null) {
      engine.shutdown();
      flushNet();
    }
    transport.end();
    done.accept(null);
  }

  // ---------------------------------------------------------------- errors and teardown

  private void onTransportEnd() {
    if (!secureEstablished) {
      if (config.isServer()) {
        destroy();
      } else {
        fail(new NodeError("ECONNRESET", "Client network socket disconnected before secure TLS connection was established"));
      }
      return;
    }
    pushEnd();
  }

  private void onTransportClose() {
    if (!destroyed()) {
      destroy();
    }
  }

  /**
   * Routes an error the way Node does: before a server socket is handed to the user it becomes the
   * server's 'tlsClientError', emitted once the socket is destroyed (quietly); otherwise it is this
   * socket's 'error'.
   */
  private void fail(Throwable error) {
    if (hadError || destroyed()) {
      return;
    }
    hadError = true;
    if (config.server() != null && !controlReleased) {
      destroy();
      config.server().tlsClientError(error, this);
    } else {
      destroy(error);
    }
  }

  @Override
  protected void _destroy(Throwable error, Consumer<Throwable> done) {
    if (handshakeTimer != null) {
      handshakeTimer.cancel();
      handshakeTimer = null;
    }
    if (engine != null) {
      engine.close();
      engine = null;
    }
    if (heldWriteDone != null) {
      Consumer<Throwable> held = heldWriteDone;
      heldWriteDone = null;
      heldChunks = null;
      held.accept(new NodeError("ERR_STREAM_DESTROYED", "Cannot call write after a stream was destroyed"));
    }
    transport.destroy();
    if (config.server() != null && !controlReleased && !hadError) {
      hadError = true;
      config.server().tlsClientError(new NodeError("ECONNRESET", "socket hang up"), this);
    }
    done.accept(error);
  }

  // ---------------------------------------------------------------- Node's properties and methods

  /** Always true: distinguishes TLS sockets from plain ones. */
  public boolean encrypted() {
    return true;
  }

  /** Whether the peer's certificate was signed by one of the trusted CAs (and, on a client, matched the host). */
  public boolean authorized() {
    return authorized;
  }

  /** Why the peer was not authorized (a code such as {@code DEPTH_ZERO_SELF_SIGNED_CERT}), or null. */
  public String authorizationError() {
    return authorized ? null : authorizationError;
  }

  /** The SNI name: sent by this client, or received by this server; null when none. */
  public String servername() {
    return servername;
  }

  /**
   * Node's {@code alpnProtocol}: the protocol ALPN selected, or null (Node's {@code false}) when
   * either end sent no ALPN extension. Set when the handshake completes.
   */
  public String alpnProtocol() {
    return alpnProtocol;
  }

  /** Node's {@code tlsSocket.server}: the server that accepted this socket; null for a client. */
  public TlsServer server() {
    return config.server();
  }

  /** Whether this socket is the server end. */
  public boolean isServer() {
    return config.isServer();
  }

  /**
   * The negotiated version ('TLSv1.3', ...), {@code "unknown"} before the handshake completes,
   * null once the socket is closed.
   */
  public String getProtocol() {
    // OpenSSL names the version it offers as soon as a ClientHello is out; Node's contract is 'unknown' until done.
    return withSsl(null, ssl -> secureEstablished ? Ssl.version(ssl) : "unknown");
  }

  /** The negotiated cipher suite, or null before one is chosen or after close. */
  public Cipher getCipher() {
    return withSsl(null, ssl -> {
      String[] c = Ssl.cipher(ssl);
      return c == null ? null : new Cipher(c[0], c[1], c[2]);
    });
  }

  /** The peer's certificate object; empty when it sent none; null after close. */
  public PeerCertificate getPeerCertificate() {
    return getPeerCertificate(false);
  }

  /** The peer's certificate object, with its issuer chain when {@code detailed}. */
  public PeerCertificate getPeerCertificate(boolean detailed) {
    return withSsl(null, ssl -> {
      try (Owned peer = Ssl.peerCertificate(ssl)) {
        if (peer == null) {
          return PeerCertificate.empty();
        }
        return detailed
            ? CertificateObjects.detailed(peer.get(), Ssl.peerCertChain(ssl), Ssl.certStore(ssl))
            : CertificateObjects.from(peer.get());
      }
    });
  }

  /** The local certificate object; empty when there is none; null after close. */
  public PeerCertificate getCertificate() {
    return withSsl(null, ssl -> {
      MemorySegment cert = Ssl.certificate(ssl);
      return cert.equals(MemorySegment.NULL) ? PeerCertificate.empty() : CertificateObjects.from(cert);
    });
  }

  /**
   * The peer's certificate as an {@link X509Certificate} whose {@code issuerCertificate} links
   * follow the chain the peer sent, or null (none, or closed). Unlike Node v20's, calling it
   * again gives the same answer: it leaves the connection's peer chain as it is.
   */
  public X509Certificate getPeerX509Certificate() {
    return withSsl(null, ssl -> {
      try (Owned peer = Ssl.peerCertificate(ssl)) {
        return peer == null ? null : X509Certificate.ofPeer(peer.get(), Ssl.peerCertChain(ssl));
      }
    });
  }

  /** The local certificate as an {@link X509Certificate} (without issuerCertificate, as Node), or null (none, or closed). */
  public X509Certificate getX509Certificate() {
    return withSsl(null, ssl -> {
      MemorySegment cert = Ssl.certificate(ssl);
      return cert.equals(MemorySegment.NULL) ? null : X509Certificate.of(cert);
    });
  }

  /**
   * Node's {@code getFinished()}: the latest Finished message this end sent (the tls-unique
   * channel binding of RFC 5929 on the side that sent it first), or null before one was sent.
   */
  public byte[] getFinished() {
    return withSsl(null, Ssl::finished);
  }

  /** Node's {@code getPeerFinished()}: the latest Finished message expected or received from the peer, or null. */
  public byte[] getPeerFinished() {
    return withSsl(null, Ssl::peerFinished);
  }

  /** Node's {@code exportKeyingMaterial(length, label)}: keying material from the TLS exporter, without a context. */
  public byte[] exportKeyingMaterial(int length, String label) {
    return exportKeyingMaterial(length, label, null);
  }

  /**
   * Node's {@code exportKeyingMaterial(length, label, context)} (SSL_export_keying_material): the
   * same bytes the peer derives for the same label and context. Throws ERR_TLS_INVALID_STATE before
   * the handshake completed.
   */
  public byte[] exportKeyingMaterial(int length, String label, byte[] context) {
    if (length < 1) {
      throw NodeError.outOfRange("length", ">= 1 && <= 4294967295", length);
    }
    if (label == null) {
      throw NodeError.invalidArgType("label", "of type string", null);
    }
    byte[] labelBytes = label.getBytes(StandardCharsets.UTF_8);
    byte[] material = withSsl(null, ssl -> {
      if (!secureEstablished) {
        return null;
      }
      Err.clear();
      byte[] exported = Ssl.exportKeyingMaterial(ssl, length, labelBytes, context);
      if (exported == null) {
        List<Err.Entry> errors = Err.drain();
        throw errors.isEmpty()
            ? new NodeError("ERR_CRYPTO_OPERATION_FAILED", "Key export failed")
            : OpenSslError.forCrypto(errors);
      }
      return exported;
    });
    if (material == null) {
      throw new NodeError("ERR_TLS_INVALID_STATE", "TLS socket connection must be securely established");
    }
    return material;
  }

  /** Node's {@code isSessionReused()}: whether this connection resumed an earlier session. */
  public boolean isSessionReused() {
    return withSsl(false, Ssl::sessionReused);
  }

  /**
   * Node's {@code setMaxSendFragment(size)}: the largest plaintext fragment per record, 512 to
   * 16384 (the default); returns whether it was accepted.
   */
  public boolean setMaxSendFragment(int size) {
    return withSsl(false, ssl -> Ssl.setMaxSendFragment(ssl, size));
  }

  /**
   * Runs {@code query} against the live SSL on this socket's loop, the only thread that frees it,
   * and waits for the answer when called from another thread (so no caller can touch a freed SSL);
   * {@code whenClosed} once the socket is closed.
   */
  private <T> T withSsl(T whenClosed, Function<MemorySegment, T> query) {
    if (loop().inLoop()) {
      return engine == null ? whenClosed : query.apply(engine.ssl());
    }
    CompletableFuture<T> answer = new CompletableFuture<>();
    loop().execute(() -> {
      try {
        answer.complete(engine == null ? whenClosed : query.apply(engine.ssl()));
      } catch (Throwable t) {
        answer.completeExceptionally(t);
      }
    });
    try {
      return answer.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  /** The transport this socket encrypts over. */
  public Duplex socket() {
    return transport;
  }

  /** The underlying socket's bound address, or null when the transport is not a NetSocket. */
  public AddressInfo address() {
    return net == null ? null : net.address();
  }

  public String remoteAddress() {
    return net == null ? null : net.remoteAddress();
  }

  public Integer remotePort() {
    return net == null ? null : net.remotePort();
  }

  public String remoteFamily() {
    return net == null ? null : net.remoteFamily();
  }

  public String localAddress() {
    return net == null ? null : net.localAddress();
  }

  public Integer localPort() {
    return net == null ? null : net.localPort();
  }

  /** Node's {@code socket.setTimeout}: 'timeout' after {@code millis} of inactivity on the transport. */
  public TlsSocket setTimeout(long millis) {
    if (net != null) {
      net.setTimeout(millis);
    }
    return this;
  }

  /** As {@link #setTimeout(long)}, adding {@code callback} as a one-time 'timeout' listener. */
  public TlsSocket setTimeout(long millis, Runnable callback) {
    setTimeout(millis);
    if (callback != null) {
      once(TIMEOUT, callback);
    }
    return this;
  }

  public TlsSocket setNoDelay(boolean noDelay) {
    if (net != null) {
      net.setNoDelay(noDelay);
    }
    return this;
  }

  public TlsSocket setKeepAlive(boolean enable, long initialDelayMillis) {
    if (net != null) {
      net.setKeepAlive(enable, initialDelayMillis);
    }
    return this;
  }

  /** Lets the loop exit while this socket is open. */
  public TlsSocket unref() {
    if (net != null) {
      net.unref();
    }
    return this;
  }

  public TlsSocket ref() {
    if (net != null) {
      net.ref();
    }
    return this;
  }

  @Override
  public String toString() {
    return "TlsSocket[" + (config.isServer() ? "server" : "client") + ", " + (secureEstablished ? "secure" : "handshaking") + "]";
  }
}

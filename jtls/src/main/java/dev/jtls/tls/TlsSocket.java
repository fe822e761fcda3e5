package dev.jtls.tls;

import dev.jtls.events.Event;
import dev.jtls.events.NodeError;
import dev.jtls.internal.openssl.Err;
import dev.jtls.internal.openssl.Owned;
import dev.jtls.internal.openssl.Ssl;
import dev.jtls.internal.openssl.SslSession;
import dev.jtls.net.AddressInfo;
import dev.jtls.net.EventLoop;
import dev.jtls.net.NetSocket;
import dev.jtls.stream.Duplex;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Node's {@code tls.TLSSocket}: transparent encryption over any {@link Duplex} carrying ciphertext
 * (normally a {@link NetSocket}). It is itself a Duplex of plaintext, with Node's events, in
 * Node's order: {@code 'secure'}, then {@code 'secureConnect'} (client) or the server's
 * {@code 'secureConnection'}, then data, {@code 'end'}, {@code 'close'}.
 */
public class TlsSocket extends TlsStream implements AutoCloseable {
  /** {@code 'secureConnect'} (client): the handshake completed, whether or not the peer was authorized. */
  public static final Event<Void> SECURE_CONNECT = Event.of("secureConnect");
  /** {@code 'secure'}: the handshake completed (emitted on client and server sockets). */
  public static final Event<Void> SECURE = Event.of("secure");
  /**
   * {@code 'session'} (client): a session or TLSv1.3 ticket the server issued became usable, as
   * OpenSSL's DER encoding (Node's Buffer): pass it as {@code session} to a later connect to
   * resume. Emitted only once the server was verified (a session made during the handshake waits
   * until after 'secureConnect'), possibly several times (TLSv1.3 servers send several tickets).
   */
  public static final Event<byte[]> SESSION = Event.of("session", byte[].class);
  /**
   * {@code 'keylog'}: a line of key material in NSS SSLKEYLOGFILE format, newline included, as
   * OpenSSL generates or receives it. Lines generated before a listener was added are not seen.
   */
  public static final Event<byte[]> KEYLOG = Event.of("keylog", byte[].class);
  /** {@code 'connect'}: the underlying TCP connection is established (client). */
  public static final Event<Void> CONNECT = NetSocket.CONNECT;
  /** {@code 'timeout'}: the underlying socket was idle for the time set with {@link #setTimeout}. */
  public static final Event<Void> TIMEOUT = NetSocket.TIMEOUT;

  private volatile Long timeout;

  /**
   * Node's {@code new tls.TLSSocket(socket[, options])}: wraps an existing transport. As in Node,
   * a socket made this way emits 'secure' but not 'secureConnect'.
   */
  public TlsSocket(Duplex socket, TlsSocketOptions options) {
    Tls.requireOpenSsl();
    Duplex transport = socket != null ? socket : new NetSocket(EventLoop.defaultLoop(), null);
    this(transport, TlsSocketConfig.of(transport, options));
  }

  /** Node's {@code new tls.TLSSocket()}: a client socket over a new, unconnected NetSocket. */
  public TlsSocket() {
    this(null, (TlsSocketOptions) null);
  }

  TlsSocket(Duplex socket, TlsSocketConfig config) {
    super(socket, config);
  }

  // ---------------------------------------------------------------- Node's properties and methods

  /** Always true: distinguishes TLS sockets from plain ones. */
  public boolean encrypted() {
    return true;
  }

  /** Whether the peer's certificate was signed by one of the trusted CAs (and, on a client, matched the host). */
  public boolean authorized() {
    return driver.authorized();
  }

  /** Why the peer was not authorized (a code such as {@code DEPTH_ZERO_SELF_SIGNED_CERT}), or null. */
  public String authorizationError() {
    return driver.authorizationError();
  }

  /** The SNI name: sent by this client, or received by this server; null when none. */
  public String servername() {
    return driver.servername();
  }

  /**
   * Node's {@code alpnProtocol}: the protocol ALPN selected, or null (Node's {@code false}) when
   * either end sent no ALPN extension. Set when the handshake completes.
   */
  public String alpnProtocol() {
    return driver.alpnProtocol();
  }

  /**
   * Node's {@code setServername(name)}: the SNI name a client sends, set before its handshake
   * starts. ERR_TLS_SNI_FROM_SERVER on a server socket.
   */
  public void setServername(String name) {
    if (name == null) {
      throw NodeError.invalidArgType("name", "of type string", null);
    }
    if (config.isServer()) {
      throw new NodeError("ERR_TLS_SNI_FROM_SERVER", "Cannot issue SNI from a TLS server-side socket");
    }
    driver.setServername(name);
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
    return withSsl(null, ssl -> driver.secure() ? Ssl.version(ssl) : "unknown");
  }

  /** The negotiated cipher suite, or null before one is chosen or after close. */
  public Cipher getCipher() {
    return withSsl(null, ssl -> {
      String[] c = Ssl.cipher(ssl);
      return c == null ? null : new Cipher(c[0], c[1], c[2]);
    });
  }

  /**
   * Sets {@code onread} on this socket, as {@link NetSocket#setOnread} does on a plain one: from now
   * on plaintext is decrypted into the callback's buffer and lent to it (see {@link TlsOnRead})
   * instead of becoming 'data' events; returning false pauses reading until {@link #resume()}, and
   * 'end' still comes. This is a jtls extension: Node's {@code tls.Server} has no per-socket
   * onread, and its {@code tls.connect} takes one only as an option. It is meant for an accepted
   * socket, set from a 'secureConnection' listener (the server's first sight of the TlsSocket:
   * 'connection' hands the raw socket, as in Node) so that no plaintext ever becomes a 'data'
   * chunk. Set later, the plaintext already buffered as 'data' goes to the callback first, in order
   * (and, as with {@link #read()}, to any 'data' listener still attached), unless the peer's end
   * already arrived: then it stays buffered for 'data', ahead of 'end'. Null goes back to 'data'
   * events.
   */
  public TlsSocket setOnread(TlsOnRead onread) {
    onLoop(() -> useOnread(onread));
    return this;
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
      if (!driver.secure()) {
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

  /**
   * Node's {@code getSession()}: the connection's session in OpenSSL's DER encoding (what a client
   * passes as {@code session} to resume), or null when there is none yet or the socket is closed.
   */
  public byte[] getSession() {
    byte[] inEvent = sessionInEvent();
    return inEvent != null ? inEvent.clone() : driver.engine().sessionDer();
  }

  /**
   * Node's {@code getTLSTicket()}: the ticket of the connection's session (opaque to the client,
   * sealed by the server's ticket keys), or null when the session has none.
   */
  public byte[] getTLSTicket() {
    byte[] inEvent = sessionInEvent();
    if (inEvent == null) {
      return driver.engine().ticket();
    }
    try (Owned session = SslSession.fromDer(inEvent)) {
      return session == null ? null : SslSession.ticket(session.get());
    }
  }

  /** Node's {@code isSessionReused()}: whether this connection resumed an earlier session. */
  public boolean isSessionReused() {
    return withSsl(false, Ssl::sessionReused);
  }

  /**
   * Node's {@code renegotiate(options, callback)}: starts a TLSv1.2 renegotiation, for instance to
   * ask the client for a certificate after the handshake ({@code requestCert}); the peer is then
   * judged again with the options given (authorized, authorizationError, rejectUnauthorized).
   * Returns true when started: {@code callback} (may be null) is then attached once to 'secure',
   * which Node emits again when a renegotiation completes. Returns false when OpenSSL refuses (under
   * TLSv1.3: ERR_SSL_WRONG_SSL_VERSION), and the callback gets the error on the next tick; false
   * without calling it once the socket is destroyed. On a server, the socket is destroyed with
   * ERR_TLS_HANDSHAKE_TIMEOUT when the renegotiation takes longer than handshakeTimeout.
   */
  public boolean renegotiate(RenegotiateOptions options, Consumer<Throwable> callback) {
    if (options == null) {
      throw NodeError.invalidArgType("options", "of type object", null);
    }
    if (destroyed() || driver.closed()) {
      return false;
    }
    OpenSslError refused = driver.renegotiate(options);
    if (refused != null) {
      if (callback != null) {
        loop().nextTick(() -> callback.accept(refused));
      }
      return false;
    }
    if (callback != null) {
      once(SECURE, () -> callback.accept(null));
    }
    loop().nextTick(this::startRenegotiation); // never inside a cycle that a listener called from
    return true;
  }

  /** As {@link #renegotiate(RenegotiateOptions, Consumer)}, with a Node-style option bag. */
  public boolean renegotiate(Map<String, ?> options, Consumer<Throwable> callback) {
    if (options == null) {
      throw NodeError.invalidArgType("options", "of type object", null);
    }
    return renegotiate(RenegotiateOptions.fromMap(options), callback);
  }

  /**
   * Node's {@code enableTrace()}: from now on every TLS message of this connection is printed to
   * the process's standard error (file descriptor 2, beside {@code System.err}) in the format of
   * {@code openssl s_client -trace}, by OpenSSL's SSL_trace. For debugging; nothing once the socket
   * is closed, or when the system's OpenSSL was built without SSL_trace.
   */
  public void enableTrace() {
    driver.engine().enableTrace();
  }

  /**
   * Node's {@code disableRenegotiation()}: a later renegotiation fails the socket with 'error'
   * ERR_TLS_RENEGOTIATION_DISABLED. As in Node, a server socket's handshakes are checked; a
   * client's renegotiations are its server's to allow.
   */
  public void disableRenegotiation() {
    driver.disableRenegotiation();
  }

  /**
   * Node's {@code setMaxSendFragment(size)}: the largest plaintext fragment per record, 512 to
   * 16384 (the default); returns whether it was accepted.
   */
  public boolean setMaxSendFragment(int size) {
    return withSsl(false, ssl -> Ssl.setMaxSendFragment(ssl, size));
  }

  /**
   * Runs {@code query} against the live SSL from any thread, under the engine's short lock (held
   * only for single SSL calls, so no caller ever waits on a loop); {@code whenClosed} once the
   * socket is closed.
   */
  private <T> T withSsl(T whenClosed, Function<MemorySegment, T> query) {
    return driver.engine().query(whenClosed, query);
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

  /**
   * Node's deprecated {@code socket.bufferSize}: {@link #writableLength()}, the written bytes whose
   * ciphertext the transport has not taken yet; null (Node's undefined) once the socket is destroyed.
   */
  public Long bufferSize() {
    return destroyed() ? null : writableLength();
  }

  /** Node's {@code socket.timeout}: the value last given to setTimeout, or null (Node's undefined) when never set. */
  public Long timeout() {
    return timeout;
  }

  /**
   * Node's {@code readyState}: {@code opening} until the transport is connected, then {@code open},
   * {@code readOnly}, {@code writeOnly} or {@code closed} from {@link #readable()} and {@link #writable()}.
   */
  public String readyState() {
    if (net != null && net.pending() && !destroyed()) {
      return "opening"; // as in Node, also for a socket over a NetSocket that never connected
    }
    if (readable()) {
      return writable() ? "open" : "readOnly";
    }
    return writable() ? "writeOnly" : "closed";
  }

  /** {@code AutoCloseable}: {@link #destroy()}. */
  @Override
  public void close() {
    destroy();
  }

  /** Node's {@code socket.setTimeout}: 'timeout' after {@code millis} of inactivity on the transport. */
  public TlsSocket setTimeout(long millis) {
    timeout = millis;
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
    return "TlsSocket[" + (config.isServer() ? "server" : "client") + ", " + driver.phase() + "]";
  }

  /**
   * Node's {@code getEphemeralKeyInfo()}: the type, curve and size of the server's ephemeral key
   * (perfect forward secrecy), {@link EphemeralKeyInfo#isEmpty() empty} when the key exchange was
   * not ephemeral; null on a server socket, as in Node, and once the socket is closed.
   */
  public EphemeralKeyInfo getEphemeralKeyInfo() {
    return config.isServer() ? null : withSsl(null, EphemeralKeyInfo::of);
  }

  /**
   * Node's {@code getSharedSigalgs()}: the signature algorithms both ends accept, most preferred
   * first (e.g. {@code "ECDSA+SHA256"}, {@code "RSA-PSS+SHA256"}); null once the socket is closed.
   */
  public List<String> getSharedSigalgs() {
    return withSsl(null, EphemeralKeyInfo::sharedSigalgs);
  }
}

package dev.jtls.tls;

import dev.jtls.stream.Duplex;

/**
 * What a TlsSocket needs to know, resolved from whichever API made it (tls.connect, a server,
 * or {@code new TLSSocket}). A context created just for this socket is released as soon as the
 * socket's SSL holds its own reference to it. {@code managesTransport}: the transport was made
 * for this socket (tls.connect's own NetSocket, a server's accepted one), so the TLS layer alone
 * decides when its writable side ends — after close_notify, never on the transport's own EOF.
 */
record TlsSocketConfig(
    SecureContext context,
    boolean ownsContext,
    boolean isServer,
    TlsServer server,
    boolean requestCert,
    boolean rejectUnauthorized,
    String servername,
    String identityHost,
    CheckServerIdentity checkServerIdentity,
    long handshakeTimeout,
    boolean emitsSecureConnect,
    boolean allowHalfOpen,
    boolean managesTransport,
    byte[] alpnProtocols,
    SniCallback sniCallback,
    int highWaterMark,
    TlsOnRead onread,
    ConnectTarget target,
    byte[] session,
    PskClientCallback pskCallback,
    boolean enableTrace) {

  /** Without tls.connect's stream options (highWaterMark, onread) and connect target. */
  TlsSocketConfig(SecureContext context, boolean ownsContext, boolean isServer, TlsServer server, boolean requestCert,
      boolean rejectUnauthorized, String servername, String identityHost, CheckServerIdentity checkServerIdentity,
      long handshakeTimeout, boolean emitsSecureConnect, boolean allowHalfOpen, boolean managesTransport,
      byte[] alpnProtocols, SniCallback sniCallback) {
    this(context, ownsContext, isServer, server, requestCert, rejectUnauthorized, servername, identityHost,
        checkServerIdentity, handshakeTimeout, emitsSecureConnect, allowHalfOpen, managesTransport, alpnProtocols,
        sniCallback, Duplex.DEFAULT_HIGH_WATER_MARK, null, null, null, null, false);
  }

  /** tls.connect's {@code highWaterMark} and {@code onread}, and where it connects (for its errors). */
  TlsSocketConfig withClientStream(int highWaterMark, TlsOnRead onread, ConnectTarget target) {
    return new TlsSocketConfig(context, ownsContext, isServer, server, requestCert, rejectUnauthorized, servername,
        identityHost, checkServerIdentity, handshakeTimeout, emitsSecureConnect, allowHalfOpen, managesTransport,
        alpnProtocols, sniCallback, highWaterMark, onread, target, session, pskCallback, enableTrace);
  }

  /** A client offers {@code session} (DER bytes, or null for none) for resumption. */
  TlsSocketConfig withSession(byte[] session) {
    return new TlsSocketConfig(context, ownsContext, isServer, server, requestCert, rejectUnauthorized, servername,
        identityHost, checkServerIdentity, handshakeTimeout, emitsSecureConnect, allowHalfOpen, managesTransport,
        alpnProtocols, sniCallback, highWaterMark, onread, target, session, pskCallback, enableTrace);
  }

  /** A client answers TLS-PSK with {@code callback} (null: it offers no PSK). */
  TlsSocketConfig withPsk(PskClientCallback callback) {
    return new TlsSocketConfig(context, ownsContext, isServer, server, requestCert, rejectUnauthorized, servername,
        identityHost, checkServerIdentity, handshakeTimeout, emitsSecureConnect, allowHalfOpen, managesTransport,
        alpnProtocols, sniCallback, highWaterMark, onread, target, session, callback, enableTrace);
  }

  /** The socket traces its TLS messages to standard error from its first (Node's enableTrace option). */
  TlsSocketConfig withTrace(boolean trace) {
    return new TlsSocketConfig(context, ownsContext, isServer, server, requestCert, rejectUnauthorized, servername,
        identityHost, checkServerIdentity, handshakeTimeout, emitsSecureConnect, allowHalfOpen, managesTransport,
        alpnProtocols, sniCallback, highWaterMark, onread, target, session, pskCallback, trace);
  }

  /** For {@code new TlsSocket(socket, options)}: Node builds a context from the options unless one is given. */
  static TlsSocketConfig of(Duplex socket, TlsSocketOptions options) {
    TlsSocketOptions o = options == null ? new TlsSocketOptions() : options;
    boolean owns = o.secureContext() == null;
    SecureContext context = owns ? SecureContext.create(o) : o.secureContext();
    return new TlsSocketConfig(context, owns, o.isServer(), null, o.requestCert(), o.rejectUnauthorized(),
        null, "localhost", Tls::checkServerIdentity,
        0, false, socket.allowHalfOpen(), false, o.alpnProtocols(), o.isServer() ? o.sniCallback() : null)
        .withSession(o.isServer() ? null : o.session()).withTrace(o.enableTrace());
  }

  /** Called once the SSL exists: it keeps the context alive by itself from now on. */
  void engineCreated() {
    if (ownsContext) {
      context.close();
    }
  }
}

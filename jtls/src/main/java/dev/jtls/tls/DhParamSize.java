package dev.jtls.tls;

import dev.jtls.events.NodeError;

/** tls.connect's {@code minDHSize} check, made first when a client's handshake completes, as in Node's onConnectSecure. */
final class DhParamSize {
  private DhParamSize() {}

  /** Destroys {@code socket} with ERR_TLS_DH_PARAM_SIZE when the server's DH prime is under {@code minBits}; true then. */
  static boolean refuses(TlsSocket socket, long minBits) {
    EphemeralKeyInfo info = socket.getEphemeralKeyInfo();
    if (minBits <= 0 || info == null || !"DH".equals(info.type()) || info.size() >= minBits) {
      return false;
    }
    socket.destroy(new NodeError("ERR_TLS_DH_PARAM_SIZE",
        "DH parameter size " + info.size() + " is less than " + minBits));
    return true;
  }
}

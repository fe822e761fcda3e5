package dev.jtls.tls.interop;

/** A peer that can say which ALPN protocol its connection agreed on. */
interface ReportsAlpn {
  /** The protocol of the current connection, once its handshake is complete; null when none was agreed. */
  String alpnProtocol();
}

package dev.jtls.tls;

/** What OpenSSL's info callback said during an SSL call: a handshake started, or one completed. */
enum HandshakeSignal {
  /** The first handshake or a TLSv1.2 renegotiation began (a server's HelloRequest counts too, as in Node). */
  STARTED,
  /** A handshake completed and no renegotiation is pending. */
  DONE
}

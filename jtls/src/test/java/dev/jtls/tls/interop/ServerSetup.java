package dev.jtls.tls.interop;

import java.nio.file.Path;

/** How a test wants its server peer: each kind of peer turns this into its own options. */
final class ServerSetup {
  Identity identity = Identity.RSA_SERVER;
  /** Ask the client for a certificate, verify it against the test root, and refuse a client without one. */
  boolean requireClientCert;
  /** "TLSv1.2" to cap the version, or null for the peer's default (TLSv1.3). */
  String maxVersion;
  /** An OpenSSL cipher list for TLSv1.2 and below, or null. */
  String ciphers;
  /** The SNI name the server expects (a peer that can refuse others does), or null. */
  String servername;
  /** A Unix-domain socket to listen on instead of 127.0.0.1. */
  Path path;
  /** s_server only: accept renegotiations the client starts (OpenSSL 3 refuses them by default; node accepts). */
  boolean clientRenegotiation;

  ServerSetup identity(Identity value) {
    identity = value;
    return this;
  }

  ServerSetup requireClientCert() {
    requireClientCert = true;
    return this;
  }

  ServerSetup maxVersion(String value) {
    maxVersion = value;
    return this;
  }

  ServerSetup ciphers(String value) {
    ciphers = value;
    return this;
  }

  ServerSetup servername(String value) {
    servername = value;
    return this;
  }

  ServerSetup path(Path value) {
    path = value;
    return this;
  }

  ServerSetup clientRenegotiation() {
    clientRenegotiation = true;
    return this;
  }
}

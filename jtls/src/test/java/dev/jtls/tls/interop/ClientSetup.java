package dev.jtls.tls.interop;

import java.nio.file.Path;

/** How a test wants its client peer to connect: each kind of peer turns this into its own options. */
final class ClientSetup {
  int port;
  /** A Unix-domain socket to connect to instead of 127.0.0.1:port. */
  Path path;
  /** The SNI name to send, or null to send none. */
  String servername;
  /** The client certificate to present, or null. */
  Identity identity;
  /** "TLSv1.2" to cap the version, or null for the peer's default (TLSv1.3). */
  String maxVersion;
  /** An OpenSSL cipher list for TLSv1.2 and below, or null. */
  String ciphers;
  /** s_client only: single-letter stdin commands ('R' renegotiate, ...) are obeyed instead of sent. */
  boolean commandLetters;

  ClientSetup port(int value) {
    port = value;
    return this;
  }

  ClientSetup path(Path value) {
    path = value;
    return this;
  }

  ClientSetup servername(String value) {
    servername = value;
    return this;
  }

  ClientSetup identity(Identity value) {
    identity = value;
    return this;
  }

  ClientSetup maxVersion(String value) {
    maxVersion = value;
    return this;
  }

  ClientSetup ciphers(String value) {
    ciphers = value;
    return this;
  }

  ClientSetup commandLetters() {
    commandLetters = true;
    return this;
  }
}

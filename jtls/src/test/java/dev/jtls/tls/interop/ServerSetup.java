package dev.jtls.tls.interop;

import java.nio.file.Path;
import java.util.List;

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
  /** The ALPN protocols to offer (client) or accept (server), in order of preference, or null. */
  List<String> alpnProtocols;
  /** A Unix-domain socket to listen on instead of 127.0.0.1. */
  Path path;
  /** A file for the server to log its TLS secrets to (NSS key log format), for peers that can. */
  Path keylogFile;
  /** A label for the server to export keying material with (no context), for peers that print it. */
  String exportLabel;
  int exportLength;
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

  ServerSetup keylogFile(Path value) {
    keylogFile = value;
    return this;
  }

  ServerSetup exportKeyingMaterial(String label, int length) {
    exportLabel = label;
    exportLength = length;
    return this;
  }

  ServerSetup alpnProtocols(List<String> value) {
    alpnProtocols = value;
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

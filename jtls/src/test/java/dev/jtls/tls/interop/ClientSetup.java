package dev.jtls.tls.interop;

import java.nio.file.Path;
import java.util.List;

/** How a test wants its client peer to connect: each kind of peer turns this into its own options. */
final class ClientSetup {
  int port;
  /** The ALPN protocols to offer (client) or accept (server), in order of preference, or null. */
  List<String> alpnProtocols;
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
  /** end() closes the connection as soon as its close_notify is sent, without waiting for the server's. */
  boolean closeAtOnce;
  /** Let s_client take its single-letter stdin commands ('K' key update, 'R' renegotiate, ...). */
  boolean commands;

  ClientSetup port(int value) {
    port = value;
    return this;
  }

  ClientSetup alpnProtocols(List<String> value) {
    alpnProtocols = value;
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

  ClientSetup closeAtOnce() {
    closeAtOnce = true;
    return this;
  }

  ClientSetup commands() {
    commands = true;
    return this;
  }

  ClientSetup ciphers(String value) {
    ciphers = value;
    return this;
  }
}

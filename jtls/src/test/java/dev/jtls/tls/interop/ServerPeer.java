package dev.jtls.tls.interop;

import java.nio.file.Path;

/**
 * A TLS server for jtls's client to talk to, serving one connection at a time. Every method that
 * waits fails the test (showing the peer's output) when what it waits for does not happen.
 */
interface ServerPeer extends AutoCloseable {
  /** The kinds of server, for parameterized tests. */
  enum Kind {
    OPENSSL, NODE, JSSE, GNUTLS, JTLS;

    /** Starts a server as {@code setup} says and returns once it accepts connections. */
    ServerPeer start(ServerSetup setup, Path workDir) {
      return switch (this) {
        case OPENSSL -> OpensslServerPeer.start(setup, workDir);
        case NODE -> NodeServerPeer.start(setup, workDir);
        case JSSE -> JsseServerPeer.start(setup);
        case GNUTLS -> GnutlsServerPeer.start(setup, workDir);
        case JTLS -> JtlsServerPeer.start(setup);
      };
    }
  }

  /** The TCP port it listens on (meaningless when it listens on a path). */
  int port();

  /** What the server reports about the handshake of the current connection, once complete. */
  Handshake awaitHandshake();

  /** Sends {@code data} to the connected client. */
  void send(byte[] data);

  /** Waits until the bytes received from the client contain {@code expected}. */
  void awaitReceived(byte[] expected);

  /** Waits until the client has ended its side cleanly (close_notify, then EOF). */
  void awaitClientEnd();

  /** Stops the server (and its process); never fails. */
  @Override
  void close();
}

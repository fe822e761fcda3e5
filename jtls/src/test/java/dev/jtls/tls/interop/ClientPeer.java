package dev.jtls.tls.interop;

import java.nio.file.Path;

/**
 * A TLS client connecting to jtls's server. Every method that waits fails the test (showing the
 * peer's output) when what it waits for does not happen.
 */
interface ClientPeer extends AutoCloseable {
  /** The kinds of client, for parameterized tests. */
  enum Kind {
    OPENSSL, NODE, JSSE, GNUTLS;

    /** Starts a client that connects as {@code setup} says. */
    ClientPeer start(ClientSetup setup, Path workDir) {
      return switch (this) {
        case OPENSSL -> OpensslClientPeer.start(setup, workDir);
        case NODE -> NodeClientPeer.start(setup, workDir);
        case JSSE -> JsseClientPeer.start(setup);
        case GNUTLS -> GnutlsClientPeer.start(setup, workDir);
      };
    }
  }

  /** What the client reports about the handshake, once complete. */
  Handshake awaitHandshake();

  /** Sends {@code data} to the server. */
  void send(byte[] data);

  /** Waits until the bytes received from the server contain {@code expected}. */
  void awaitReceived(byte[] expected);

  /** Ends the client's side of the connection. */
  void end();

  /** Waits until the server has ended the connection and the client saw its end. */
  void awaitServerEnd();

  /** Waits until the connection fails, and returns the client's report of why. */
  String awaitFailure();

  /** Stops the client process; never fails. */
  @Override
  void close();
}

package dev.jtls.tls.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/** A JSSE {@link SSLServerSocket} on 127.0.0.1 serving one connection, on a thread of its own. */
final class JsseServerPeer extends JssePeer implements ServerPeer {
  private final int port;

  private JsseServerPeer(ServerSetup setup, boolean holdReads) {
    super("JSSE server", holdReads);
    if (setup.path != null) {
      throw new IllegalArgumentException("JSSE's SSLServerSocket listens on TCP only");
    }
    try {
      SSLServerSocket listener = (SSLServerSocket) JsseContexts.of(setup.identity).getServerSocketFactory()
          .createServerSocket(0, 1, InetAddress.getLoopbackAddress());
      closeLater(listener);
      SSLParameters parameters = listener.getSSLParameters();
      applySetup(parameters, setup.maxVersion, setup.ciphers, setup.alpnProtocols);
      parameters.setNeedClientAuth(setup.requireClientCert);
      if (setup.servername != null) {
        parameters.setSNIMatchers(List.of(SNIHostName.createSNIMatcher(Pattern.quote(setup.servername))));
      }
      listener.setSSLParameters(parameters);
      port = listener.getLocalPort();
      spawn(() -> serve((SSLSocket) listener.accept(), false));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsseServerPeer start(ServerSetup setup) {
    return new JsseServerPeer(setup, false);
  }

  /** A server that reads nothing after the handshake until {@link #releaseReads()}. */
  static JsseServerPeer startHoldingReads(ServerSetup setup) {
    return new JsseServerPeer(setup, true);
  }

  @Override
  public int port() {
    return port;
  }

  /** Waits for the client's close_notify (the server then closes in turn, see {@link #serve}). */
  @Override
  public void awaitClientEnd() {
    awaitEof();
  }
}

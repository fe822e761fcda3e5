package dev.jtls.tls.interop;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A JSSE {@link SSLSocket} connecting to 127.0.0.1 on a thread of its own, trusting the test root
 * and checking the server's name as an HTTPS client does (the certificates name 127.0.0.1).
 */
final class JsseClientPeer extends JssePeer implements ClientPeer {
  private final boolean closeAtOnce;

  private JsseClientPeer(ClientSetup setup, boolean holdReads) {
    super("JSSE client", holdReads);
    closeAtOnce = setup.closeAtOnce;
    if (setup.path != null) {
      throw new IllegalArgumentException("JSSE's SSLSocket connects over TCP only");
    }
    spawn(() -> {
      SSLSocket socket = (SSLSocket) JsseContexts.of(setup.identity).getSocketFactory().createSocket();
      closeLater(socket);
      SSLParameters parameters = socket.getSSLParameters();
      applySetup(parameters, setup.maxVersion, setup.ciphers, setup.alpnProtocols);
      parameters.setServerNames(setup.servername == null ? List.of() : List.of(new SNIHostName(setup.servername)));
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), setup.port));
      serve(socket, true);
    });
  }

  static JsseClientPeer start(ClientSetup setup) {
    return new JsseClientPeer(setup, false);
  }

  /** A client that reads nothing after the handshake until {@link #releaseReads()}. */
  static JsseClientPeer startHoldingReads(ClientSetup setup) {
    return new JsseClientPeer(setup, true);
  }

  /** close() sends close_notify and closes at once; shutdownOutput() half-closes (TLSv1.3). */
  @Override
  public void end() {
    if (closeAtOnce) {
      closeSocket();
    } else {
      shutdownOutput();
    }
  }

  @Override
  public void awaitServerEnd() {
    awaitEof();
  }
}

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
  private JsseClientPeer(ClientSetup setup) {
    super("JSSE client");
    if (setup.path != null) {
      throw new IllegalArgumentException("JSSE's SSLSocket connects over TCP only");
    }
    spawn(() -> {
      SSLSocket socket = (SSLSocket) JsseContexts.of(setup.identity).getSocketFactory().createSocket();
      closeLater(socket);
      SSLParameters parameters = socket.getSSLParameters();
      limit(parameters, setup.maxVersion, setup.ciphers);
      parameters.setServerNames(setup.servername == null ? List.of() : List.of(new SNIHostName(setup.servername)));
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), setup.port));
      serve(socket, true);
    });
  }

  static JsseClientPeer start(ClientSetup setup) {
    return new JsseClientPeer(setup);
  }

  @Override
  public void end() {
    shutdownOutput();
  }

  @Override
  public void awaitServerEnd() {
    awaitEof();
  }
}

package dev.jtls.tls.interop;

import static dev.jtls.net.LoopTesting.await;

import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsClientError;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.util.concurrent.CompletableFuture;

/** jtls's own server as the peer: what jtls's client must also interoperate with. */
final class JtlsServerPeer implements ServerPeer {
  private final TlsServer server;
  private final CompletableFuture<SocketRecorder> connection = new CompletableFuture<>();
  private final CompletableFuture<Handshake> handshake = new CompletableFuture<>();
  private final CompletableFuture<TlsClientError> clientError = new CompletableFuture<>();
  private final int port;

  private JtlsServerPeer(ServerSetup setup) {
    ServerOptions options = new ServerOptions().key(setup.identity.key()).cert(setup.identity.chain());
    if (setup.requireClientCert) {
      options.requestCert(true).rejectUnauthorized(true).ca(Identity.ROOT_CA);
    }
    if (setup.maxVersion != null) {
      options.maxVersion(setup.maxVersion);
    }
    if (setup.ciphers != null) {
      options.ciphers(setup.ciphers);
    }
    server = Tls.createServer(options, this::onSecureConnection);
    server.on(TlsServer.TLS_CLIENT_ERROR, clientError::complete);
    CompletableFuture<Integer> listening = new CompletableFuture<>();
    if (setup.path != null) {
      server.listen(setup.path.toString(), () -> listening.complete(0));
    } else {
      server.listen(0, "127.0.0.1", () -> listening.complete(server.address().port()));
    }
    port = await(listening);
  }

  static JtlsServerPeer start(ServerSetup setup) {
    return new JtlsServerPeer(setup);
  }

  private void onSecureConnection(TlsSocket socket) {
    String peer = socket.getPeerCertificate().isEmpty() ? null : (String) socket.getPeerCertificate().subject().get("CN");
    handshake.complete(new Handshake(socket.getProtocol(), socket.getCipher().name(), socket.servername(),
        socket.authorized(), peer));
    connection.complete(SocketRecorder.accepted(socket));
  }

  /** The server-side socket of the current connection, once secure. */
  SocketRecorder connection() {
    return await(connection);
  }

  /** Waits for the server's first 'tlsClientError'. */
  TlsClientError awaitTlsClientError() {
    return await(clientError);
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public Handshake awaitHandshake() {
    return await(handshake);
  }

  @Override
  public void send(byte[] data) {
    await(connection).onLoop(s -> s.write(data));
  }

  @Override
  public void awaitReceived(byte[] expected) {
    await(connection).awaitReceived(expected);
  }

  @Override
  public void awaitClientEnd() {
    await(await(connection).ended);
  }

  @Override
  public void close() {
    CompletableFuture<Void> closed = new CompletableFuture<>();
    server.loop().execute(() -> {
      connection.thenAccept(c -> c.socket.destroy());
      server.close(() -> closed.complete(null));
    });
    await(closed);
  }
}

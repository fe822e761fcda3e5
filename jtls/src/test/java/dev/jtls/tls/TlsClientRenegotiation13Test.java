package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.jtls.stream.Duplex;
import dev.jtls.testing.NoNativeLeaks;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Node's test-tls-client-renegotiation-13: TLSv1.3 has no renegotiation, so renegotiate() returns
 * false and its callback gets OpenSSL's refusal on the next tick, with node's fields (checked
 * against node v20: the same code, message, library and reason).
 */
@ExtendWith(NoNativeLeaks.class)
class TlsClientRenegotiation13Test {
  private final LoopPeers peers = new LoopPeers();

  @AfterEach
  void closePeers() {
    peers.close();
  }

  @Test
  void renegotiateUnderTls13IsRefusedWithWrongSslVersion() {
    int port = peers.listen(() -> Tls.createServer(TlsHandshakeTest.rsaServer(), socket -> socket.on(Duplex.ERROR,
        e -> {})));
    CompletableFuture<String> protocol = new CompletableFuture<>();
    CompletableFuture<Boolean> returned = new CompletableFuture<>();
    CompletableFuture<Throwable> refusal = new CompletableFuture<>();
    LoopPeers.Client client = peers.connect(new ConnectOptions().host("127.0.0.1").port(port)
        .ca(LoopPeers.PKI.resolve("root-ca.pem")).servername("localhost"), socket -> socket.on(
            TlsSocket.SECURE_CONNECT, () -> {
              protocol.complete(socket.getProtocol());
              returned.complete(socket.renegotiate(new RenegotiateOptions(), refusal::complete));
            }));
    assertEquals("TLSv1.3", await(protocol));
    assertFalse(await(returned));
    OpenSslError error = (OpenSslError) await(refusal);
    assertEquals("ERR_SSL_WRONG_SSL_VERSION", error.code());
    assertEquals("error:0A00010A:SSL routines::wrong ssl version", error.getMessage());
    assertEquals("SSL routines", error.library());
    assertEquals("wrong ssl version", error.reason());
    client.closeAndWait();
  }
}

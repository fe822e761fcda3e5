package dev.jtls.tls;

import dev.jtls.internal.openssl.Ssl;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Test helper: a handshake between two {@link TlsEngine}s made from two contexts, carried in one
 * thread with no sockets, to show that a context really serves (its key, certificate chain,
 * trusted CAs, ciphers and versions take effect).
 */
final class EngineHandshake {
  private static final int ROUNDS = 20;

  /**
   * What the handshake came to.
   *
   * @param completed whether both sides finished the handshake
   * @param verifyResult the client's X509 verification result of the server's chain (0: trusted)
   * @param version the negotiated protocol, e.g. {@code TLSv1.3}
   * @param cipher the negotiated cipher's OpenSSL name, or null
   * @param error OpenSSL's error line of the client when the handshake failed (the server's when only
   *     the server failed), else null
   */
  record Result(boolean completed, long verifyResult, String version, String cipher, String error) {}

  private EngineHandshake() {}

  static Result run(SecureContext clientContext, SecureContext serverContext) {
    try (TlsEngine client = new TlsEngine(clientContext, false, TlsEngine.Policy.NONE);
        TlsEngine server = new TlsEngine(serverContext, true, TlsEngine.Policy.NONE);
        Arena arena = Arena.ofConfined()) {
      MemorySegment buffer = arena.allocate(64 * 1024);
      boolean clientDone = false;
      boolean serverDone = false;
      String clientError = null;
      String serverError = null;
      for (int round = 0; round < ROUNDS && !(clientDone && serverDone) && clientError == null; round++) {
        try {
          clientDone = clientDone || client.handshake().kind() == EngineStep.Kind.DONE;
        } catch (OpenSslError e) {
          clientError = e.getMessage();
        }
        move(client, server, buffer);
        try {
          serverDone = serverDone || serverError != null || server.handshake().kind() == EngineStep.Kind.DONE;
        } catch (OpenSslError e) {
          serverError = e.getMessage(); // its alert still goes to the client, which then fails too
        }
        move(server, client, buffer);
      }
      boolean completed = clientDone && serverDone && serverError == null;
      return new Result(completed, Ssl.verifyResult(client.ssl()), Ssl.version(client.ssl()),
          completed ? Ssl.cipher(client.ssl())[0] : null, clientError != null ? clientError : serverError);
    }
  }

  private static void move(TlsEngine from, TlsEngine to, MemorySegment buffer) {
    int n;
    while ((n = from.drain(buffer, (int) buffer.byteSize())) > 0) {
      to.feed(buffer, n);
    }
  }
}

package dev.jtls.tls;

import dev.jtls.internal.bench.EngineBench;
import dev.jtls.internal.openssl.Ssl;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * The {@link EngineBench.Pair} of the JMH benchmarks: a client and a server {@link TlsEngine} whose
 * ciphertext one thread carries between them in memory, so what is measured is the engine and
 * OpenSSL, without sockets or an event loop.
 */
final class InMemoryEngines implements EngineBench.Pair {
  static {
    EngineBench.register(InMemoryEngines::new);
  }

  /** A TLS 1.3 handshake takes two flights each way; more rounds than this means it is stuck. */
  private static final int MAX_FLIGHTS = 16;
  /** The most plaintext TlsEngine.write takes at once: one record. */
  private static final int RECORD = 16 * 1024;

  private final SecureContext serverContext;
  private final SecureContext clientContext;
  private final Arena arena = Arena.ofShared();
  private final MemorySegment wire = arena.allocate(256 * 1024);
  private final MemorySegment plain = arena.allocate(256 * 1024);
  private TlsEngine connectedClient;
  private TlsEngine connectedServer;

  private InMemoryEngines(Path cert, Path key, Path ca) {
    serverContext = Tls.createSecureContext(new SecureContextOptions().cert(cert).key(key));
    clientContext = Tls.createSecureContext(new SecureContextOptions().ca(ca));
  }

  @Override
  public String handshake() {
    try (TlsEngine client = new TlsEngine(clientContext, false, TlsEngine.Policy.NONE);
        TlsEngine server = new TlsEngine(serverContext, true, TlsEngine.Policy.NONE)) {
      connect(client, server);
      return Ssl.version(client.ssl());
    }
  }

  @Override
  public int roundTrip(int size) {
    if (connectedClient == null) {
      connectedClient = new TlsEngine(clientContext, false, TlsEngine.Policy.NONE);
      connectedServer = new TlsEngine(serverContext, true, TlsEngine.Policy.NONE);
      connect(connectedClient, connectedServer);
    }
    send(connectedClient, connectedServer, size);
    return send(connectedServer, connectedClient, size);
  }

  @Override
  public void close() {
    if (connectedClient != null) {
      connectedClient.close();
      connectedServer.close();
    }
    serverContext.close();
    clientContext.close();
    arena.close();
  }

  private void connect(TlsEngine client, TlsEngine server) {
    boolean clientDone = false;
    boolean serverDone = false;
    for (int flight = 0; flight < MAX_FLIGHTS && !(clientDone && serverDone); flight++) {
      clientDone = clientDone || client.handshake().kind() == EngineStep.Kind.DONE;
      carry(client, server);
      serverDone = serverDone || server.handshake().kind() == EngineStep.Kind.DONE;
      carry(server, client);
    }
    if (!(clientDone && serverDone)) {
      throw new IllegalStateException("the in-memory handshake did not complete");
    }
  }

  /** Encrypts {@code size} bytes on {@code from}, decrypts them on {@code to}; returns the count decrypted. */
  private int send(TlsEngine from, TlsEngine to, int size) {
    for (int off = 0; off < size; off += RECORD) {
      from.write(plain.asSlice(off), Math.min(RECORD, size - off));
    }
    carry(from, to);
    int got = 0;
    int n;
    while (got < size && (n = to.read(plain.asSlice(got), size - got)) > 0) {
      got += n;
    }
    return got;
  }

  private void carry(TlsEngine from, TlsEngine to) {
    int n;
    while ((n = from.drain(wire, (int) wire.byteSize())) > 0) {
      to.feed(wire, n);
    }
  }
}

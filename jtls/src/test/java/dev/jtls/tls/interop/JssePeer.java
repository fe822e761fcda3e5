package dev.jtls.tls.interop;

import dev.jtls.net.LoopTesting;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLKeyException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * The JDK's own TLS (JSSE) as a peer, in this process: one {@link SSLSocket} handshaken and then
 * read on a thread of its own, everything it sees recorded for the test to wait on. The base of
 * both JSSE peers; {@link #close()} closes the socket and joins every thread it started.
 */
abstract class JssePeer implements AutoCloseable, ReportsAlpn {
  /** A step run on a peer thread; what it throws is recorded as the connection's failure. */
  interface Step {
    void run() throws Exception;
  }

  private final String name;
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  /** Open unless reads are held: then the peer reads nothing after the handshake until released. */
  private final CountDownLatch readsAllowed;
  private SSLSocket socket;
  private Handshake handshake;
  private int completedHandshakes;
  private boolean eof;
  private Throwable failure;

  /**
   * @param holdReads read nothing after the handshake until {@link #releaseReads()}, so that what
   *     the peer sends meanwhile (a KeyUpdate...) goes out before it has seen what arrived
   */
  JssePeer(String name, boolean holdReads) {
    this.name = name;
    this.readsAllowed = new CountDownLatch(holdReads ? 1 : 0);
  }

  /** Lets the peer read (see the constructor's holdReads). */
  final void releaseReads() {
    readsAllowed.countDown();
  }

  /** Runs {@code step} on a new thread that {@link #close()} joins. */
  final void spawn(Step step) {
    threads.add(Thread.ofPlatform().name(name).daemon().start(() -> {
      try {
        step.run();
      } catch (Exception e) {
        failed(e);
      }
    }));
  }

  /** Something to close with the peer (a listening socket). */
  final void closeLater(AutoCloseable resource) {
    resources.add(resource);
  }

  /**
   * A setup's version cap ("TLSv1.2" or null), OpenSSL cipher list and ALPN protocols (or null)
   * as JSSE parameters.
   */
  static void applySetup(SSLParameters parameters, String maxVersion, String opensslCiphers, List<String> alpnProtocols) {
    if (alpnProtocols != null) {
      parameters.setApplicationProtocols(alpnProtocols.toArray(String[]::new));
    }
    if ("TLSv1.2".equals(maxVersion)) {
      parameters.setProtocols(new String[] {"TLSv1.2"});
    }
    if (opensslCiphers != null) {
      parameters.setCipherSuites(List.of(opensslCiphers.split(":")).stream().map(CipherNames::standard)
          .toArray(String[]::new));
    }
  }

  /**
   * Handshakes on {@code s}, then reads it until its end or a failure, when a server closes in
   * turn: run on a peer thread.
   */
  final void serve(SSLSocket s, boolean client) throws IOException {
    synchronized (this) {
      socket = s;
      notifyAll();
    }
    closeLater(s);
    s.addHandshakeCompletedListener(e -> {
      synchronized (this) {
        completedHandshakes++;
        notifyAll();
      }
    });
    s.startHandshake();
    Handshake h = describe(s.getSession(), client);
    synchronized (this) {
      handshake = h;
      notifyAll();
    }
    try {
      readsAllowed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    InputStream in = s.getInputStream();
    byte[] buffer = new byte[64 * 1024];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      synchronized (this) {
        received.write(buffer, 0, n);
        notifyAll();
      }
    }
    if (!client) {
      s.close(); // a server ends in turn, as s_server and a Node server (allowHalfOpen false) do
    }
    synchronized (this) {
      eof = true;
      notifyAll();
    }
  }

  private synchronized void failed(Throwable e) {
    if (failure == null) {
      failure = e;
    }
    notifyAll();
  }

  private static Handshake describe(SSLSession session, boolean client) {
    String servername = null;
    if (!client && session instanceof ExtendedSSLSession extended) {
      servername = extended.getRequestedServerNames().stream().filter(SNIHostName.class::isInstance)
          .map(n -> ((SNIHostName) n).getAsciiName()).findFirst().orElse(null);
    }
    String peer = null;
    try {
      peer = Handshake.commonName((X509Certificate) session.getPeerCertificates()[0]);
    } catch (SSLPeerUnverifiedException e) {
      // the peer sent no certificate
    }
    // JSSE completes no handshake with a certificate its trust manager refused: presented means verified.
    return new Handshake(session.getProtocol(), CipherNames.openssl(session.getCipherSuite()), servername, peer != null,
        peer);
  }

  /** Waits until {@code probe} finds something in the recorded state (it runs under the peer's lock). */
  private synchronized <T> T await(String what, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LoopTesting.TIMEOUT_SECONDS);
    while (true) {
      Optional<T> found = probe.get();
      if (found.isPresent()) {
        return found.get();
      }
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        throw new AssertionError(name + ": timed out waiting for " + what + "; received " + received.size()
            + " bytes, eof " + eof + ", handshake " + handshake, failure);
      }
      try {
        wait(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  /** Fails with the connection's failure when there is one, else finds {@code value} when present. */
  private <T> Optional<T> unlessFailed(T value) {
    if (failure != null) {
      throw new AssertionError(name + " failed", failure);
    }
    return Optional.ofNullable(value);
  }

  final SSLSocket socket() {
    return await("a connection", () -> unlessFailed(socket));
  }

  public final Handshake awaitHandshake() {
    return await("the handshake", () -> unlessFailed(handshake));
  }

  public final void send(byte[] data) {
    try {
      socket().getOutputStream().write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(name + " write", e);
    }
  }

  public final void awaitReceived(byte[] expected) {
    await(expected.length + " bytes", () -> unlessFailed(Payloads.contains(received.toByteArray(), expected) ? true : null));
  }

  /** Waits for the peer's close_notify and EOF. */
  final void awaitEof() {
    await("the end of the connection", () -> unlessFailed(eof ? true : null));
  }

  /** Waits until {@code count} handshakes (the first and renegotiations) have completed. */
  final void awaitCompletedHandshakes(int count) {
    await(count + " completed handshakes", () -> unlessFailed(completedHandshakes >= count ? true : null));
  }

  /** Waits until the connection fails and returns JSSE's message. */
  public final String awaitFailure() {
    Throwable e = await("a failure", () -> Optional.ofNullable(failure));
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /** Sends close_notify and stops writing (TLSv1.3 keeps reading: JSSE half-closes). */
  final void shutdownOutput() {
    try {
      socket().shutdownOutput();
    } catch (IOException e) {
      throw new UncheckedIOException(name + " shutdownOutput", e);
    }
  }

  /** JSSE's "" (none agreed) is Node's false, here null. */
  @Override
  public final String alpnProtocol() {
    awaitHandshake();
    String protocol = socket().getApplicationProtocol();
    return protocol == null || protocol.isEmpty() ? null : protocol;
  }

  /** RFC 5705 keying material of the current connection ({@code context} null for none). */
  final byte[] exportKeyingMaterial(String label, byte[] context, int length) {
    try {
      return ((ExtendedSSLSession) socket().getSession()).exportKeyingMaterialData(label, context, length);
    } catch (SSLKeyException e) {
      throw new AssertionError(name + " exportKeyingMaterialData", e);
    }
  }

  /** Closes the connection: close_notify, unless already sent, then the TCP close. */
  final void closeSocket() {
    try {
      socket().close();
    } catch (IOException e) {
      throw new UncheckedIOException(name + " close", e);
    }
  }

  /**
   * Starts a handshake on the established connection: JSSE sends a KeyUpdate that requests one in
   * return under TLSv1.3, and a HelloRequest (renegotiation) under TLSv1.2 when it is the server.
   */
  final void startHandshake() {
    try {
      SSLSocket s = socket();
      if (!"TLSv1.3".equals(s.getSession().getProtocol())) {
        s.getSession().invalidate(); // a renegotiation that resumed would not be a full handshake
      }
      s.startHandshake();
    } catch (IOException e) {
      throw new UncheckedIOException(name + " startHandshake", e);
    }
  }

  /** Closes the socket (close_notify when still open) and joins every peer thread; never fails. */
  @Override
  public final void close() {
    releaseReads();
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        // closing is best effort: the test's outcome is already decided
      }
    }
    for (Thread thread : threads) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(LoopTesting.TIMEOUT_SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return name;
  }
}

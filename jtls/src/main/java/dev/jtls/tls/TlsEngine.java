package dev.jtls.tls;

import dev.jtls.internal.openssl.Bio;
import dev.jtls.internal.openssl.Err;
import dev.jtls.internal.openssl.Owned;
import dev.jtls.internal.openssl.Ssl;
import dev.jtls.internal.openssl.SslCallbacks;
import dev.jtls.internal.openssl.SslOwners;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The sans-I/O core of one TLS connection: an OpenSSL SSL between two memory BIOs. Ciphertext
 * goes in with {@link #feed}, plaintext comes out of {@link #read}; plaintext goes in with
 * {@link #write}, ciphertext comes out of {@link #drain}. It never touches a socket, so it can be
 * driven by any transport, and every failure is an {@link OpenSslError} with Node's code.
 */
final class TlsEngine implements AutoCloseable {
  /** {@link #read} result: OpenSSL needs more ciphertext before it has plaintext. */
  static final int WANT_READ = 0;
  /** {@link #read} result: the peer sent close_notify. */
  static final int CLOSED = -1;

  private final Owned ssl;
  private final SecureContext origin;
  private final MemorySegment rbio;
  private final MemorySegment wbio;

  /** {@code callbacks} receives what OpenSSL's per-connection callbacks report, until {@link #close()}. */
  TlsEngine(SecureContext context, boolean server, SslCallbacks callbacks) {
    MemorySegment[] bios = new MemorySegment[2];
    this.ssl = context.newSsl(bios);
    this.origin = context;
    this.rbio = bios[0];
    this.wbio = bios[1];
    MemorySegment s = ssl.get();
    SslOwners.attach(s, callbacks);
    // The BIOs never block, so SSL_write always completes; moving buffers lets one scratch buffer serve every call.
    Ssl.setMode(s, Ssl.SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | Ssl.SSL_MODE_RELEASE_BUFFERS);
    if (server) {
      Ssl.setAcceptState(s);
    } else {
      Ssl.setConnectState(s);
    }
  }

  /** The SSL*, for queries; valid until {@link #close()}. */
  MemorySegment ssl() {
    return ssl.get();
  }

  boolean isClosed() {
    return ssl.isClosed();
  }

  /** Hands {@code len} bytes of ciphertext from the network to OpenSSL. */
  void feed(MemorySegment src, int len) {
    int off = 0;
    while (off < len) {
      int n = Bio.write(rbio, src.asSlice(off), len - off);
      if (n <= 0) {
        throw new IllegalStateException("BIO_write to a memory BIO failed");
      }
      off += n;
    }
  }

  /**
   * Advances the handshake; true once it is complete, false while it waits for the peer (or for
   * the owner, after its cert callback paused it). Throws OpenSslError when it fails.
   */
  boolean handshake() {
    Err.clear();
    int ret = Ssl.doHandshake(ssl.get());
    if (ret == 1) {
      return true;
    }
    int error = Ssl.getError(ssl.get(), ret);
    if (error == Ssl.SSL_ERROR_WANT_READ || error == Ssl.SSL_ERROR_WANT_WRITE
        || error == Ssl.SSL_ERROR_WANT_X509_LOOKUP) {
      return false; // the last: paused by the owner's cert callback until it drives the handshake again
    }
    throw failure(error);
  }

  /** Pause-capable server handshakes: the owner's certificateNeeded() is asked before the certificate is chosen. */
  void enableCertCallback() {
    Ssl.enableCertCallback(ssl.get());
  }

  /** Serve this connection from {@code context} from now on (SNI). */
  void useContext(SecureContext context) {
    context.serve(ssl.get(), origin);
  }

  /** Decrypts into {@code dst}: the byte count, {@link #WANT_READ} or {@link #CLOSED}. */
  int read(MemorySegment dst, int capacity) {
    Err.clear();
    int ret = Ssl.read(ssl.get(), dst, capacity);
    if (ret > 0) {
      return ret;
    }
    int error = Ssl.getError(ssl.get(), ret);
    return switch (error) {
      case Ssl.SSL_ERROR_WANT_READ, Ssl.SSL_ERROR_WANT_WRITE -> WANT_READ;
      case Ssl.SSL_ERROR_ZERO_RETURN -> CLOSED;
      default -> throw failure(error);
    };
  }

  /**
   * Encrypts all {@code len} bytes of {@code src} (at most one record); the records wait in the
   * output BIO. False when OpenSSL must first read the peer's handshake messages (a renegotiation
   * is under way): nothing was taken, and the same bytes must be offered again after more
   * ciphertext has been fed.
   */
  boolean write(MemorySegment src, int len) {
    Err.clear();
    int ret = Ssl.write(ssl.get(), src, len);
    if (ret == len) {
      return true;
    }
    int error = Ssl.getError(ssl.get(), ret);
    if (error == Ssl.SSL_ERROR_WANT_READ) {
      return false;
    }
    throw failure(error);
  }

  /** Ciphertext bytes waiting to go to the network. */
  long pending() {
    return Bio.pending(wbio);
  }

  /** Moves up to {@code capacity} bytes of pending ciphertext into {@code dst}; returns the count. */
  int drain(MemorySegment dst, int capacity) {
    int n = Bio.read(wbio, dst, capacity);
    return Math.max(n, 0);
  }

  /** Queues close_notify. */
  void shutdown() {
    Err.clear();
    Ssl.shutdown(ssl.get());
    Err.clear();
  }

  @Override
  public void close() {
    if (!ssl.isClosed()) {
      SslOwners.detach(ssl.get());
      ssl.close();
    }
  }

  private RuntimeException failure(int sslError) {
    List<Err.Entry> entries = Err.drain();
    if (!entries.isEmpty()) {
      return OpenSslError.forTls(entries);
    }
    return new IllegalStateException("OpenSSL failed with SSL_get_error " + sslError + " and an empty error queue");
  }
}

package dev.jtls.tls;

import dev.jtls.events.NodeError;
import dev.jtls.internal.openssl.Owned;
import dev.jtls.internal.openssl.Ssl;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Reloads a server's key and certificate when their files change (see
 * {@link TlsServer#watchCertificates(Path, Path, BiFunction)}). One daemon thread per watcher
 * blocks on a WatchService over the files' directories; any change there (a rename into place, an
 * in-place write, a symlink swap such as Kubernetes makes) leads, once the directories have been
 * quiet for {@link #QUIET_MILLIS}, to a re-read. Reading and parsing happen on this thread; only
 * the swap and the events run on the server's loop. Closing it, or closing the server, ends the
 * thread.
 */
public final class CertificateWatcher implements AutoCloseable {
  /** How long the directories must stay quiet before the files are read. */
  static final long QUIET_MILLIS = 100;
  /**
   * How long files that do not make a context may stay unchanged before they are reported as bad:
   * a writer that pauses for less is still writing them (or the other file of the pair).
   */
  static final long SETTLE_MILLIS = 1000;

  private final TlsServer server;
  private final Path keyPath;
  private final Path certPath;
  private final BiFunction<byte[], byte[], SecureContextOptions> contextOptions;
  private final WatchService watchService;
  private volatile boolean closed;
  /** The content now served; watcher thread only once started. */
  private Content served;

  /** The bytes of both files at one reading; null fields when a file could not be read. */
  private record Content(byte[] key, byte[] cert, IOException unreadable) {
    boolean sameAs(Content other) {
      return other != null && unreadable == null && other.unreadable == null
          && Arrays.equals(key, other.key) && Arrays.equals(cert, other.cert);
    }
  }

  private CertificateWatcher(TlsServer server, Path keyPath, Path certPath,
      BiFunction<byte[], byte[], SecureContextOptions> contextOptions, WatchService watchService) {
    this.server = server;
    this.keyPath = keyPath;
    this.certPath = certPath;
    this.contextOptions = contextOptions;
    this.watchService = watchService;
  }

  /**
   * Serves the files now (throwing what setSecureContext would, or UncheckedIOException for an
   * unreadable file), then starts watching.
   */
  static CertificateWatcher start(TlsServer server, Path keyPath, Path certPath,
      BiFunction<byte[], byte[], SecureContextOptions> contextOptions) {
    Path key = keyPath.toAbsolutePath();
    Path cert = certPath.toAbsolutePath();
    Content initial = read(key, cert);
    if (initial.unreadable() != null) {
      throw new UncheckedIOException(initial.unreadable());
    }
    SecureContextOptions options = contextOptions.apply(initial.key(), initial.cert());
    SecureContext context = servingContext(options);
    WatchService watchService;
    try {
      watchService = FileSystems.getDefault().newWatchService();
      Set<Path> directories = new LinkedHashSet<>();
      directories.add(key.getParent());
      directories.add(cert.getParent());
      for (Path directory : directories) {
        directory.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
      }
    } catch (IOException e) {
      context.close();
      throw new UncheckedIOException(e);
    }
    CertificateWatcher watcher = new CertificateWatcher(server, key, cert, contextOptions, watchService);
    watcher.served = initial;
    server.replaceContext(context, options);
    Thread thread = new Thread(watcher::watch, "jtls-certificate-watcher");
    thread.setDaemon(true);
    thread.start();
    return watcher;
  }

  /** Stops watching; the context in use stays. Idempotent, any thread. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      watchService.close();
    } catch (IOException ignored) {
      // the inotify descriptor is released either way
    }
    server.watcherClosed(this);
  }

  private void watch() {
    try {
      while (!closed) {
        WatchKey changed = watchService.take();
        changed.pollEvents();
        changed.reset();
        waitForQuiet();
        reload();
      }
    } catch (ClosedWatchServiceException | InterruptedException stopped) {
      // closed: the thread ends
    }
  }

  /** Returns once no change was seen for {@link #QUIET_MILLIS}. */
  private void waitForQuiet() throws InterruptedException {
    while (changedWithin(QUIET_MILLIS)) {
      // keep waiting: the files are still being replaced
    }
  }

  /**
   * Reads both files until they make a context, or fail and then stay unchanged for
   * {@link #SETTLE_MILLIS} (reported as bad): files that change again were still being written.
   */
  private void reload() throws InterruptedException {
    while (!closed) {
      Content content = read(keyPath, certPath);
      if (content.sameAs(served)) {
        return;
      }
      try {
        if (content.unreadable() != null) {
          throw content.unreadable();
        }
        SecureContextOptions options = contextOptions.apply(content.key(), content.cert());
        swap(servingContext(options), options);
        served = content;
        return;
      } catch (IOException | RuntimeException e) {
        if (!changedWithin(SETTLE_MILLIS)) {
          report(e);
          return;
        }
        waitForQuiet();
      }
    }
  }

  /** Whether the directories change within {@code millis} (the key that says so drained and re-armed). */
  private boolean changedWithin(long millis) throws InterruptedException {
    WatchKey key = watchService.poll(millis, TimeUnit.MILLISECONDS);
    if (key == null) {
      return false;
    }
    key.pollEvents();
    key.reset();
    return true;
  }

  private void swap(SecureContext context, SecureContextOptions options) {
    server.loop().execute(() -> {
      if (closed) {
        context.close();
        return;
      }
      server.replaceContext(context, options);
      server.emit(TlsServer.CERTIFICATE_RELOAD);
    });
  }

  private void report(Throwable error) {
    server.loop().execute(() -> {
      if (!closed) {
        server.emit(TlsServer.CERTIFICATE_RELOAD_ERROR, error);
      }
    });
  }

  /**
   * The server's context for {@code options}, refused when its private key has no certificate.
   * createSecureContext, as Node's, accepts a key and a certificate of different types (an EC key
   * with an RSA certificate: each lands in its own slot), which cannot serve a handshake — and is
   * what files switching key type look like between the key's replacement and the certificate's.
   */
  private static SecureContext servingContext(SecureContextOptions options) {
    SecureContext context = TlsServer.newContext(options);
    boolean keyHasCertificate;
    try (Owned probe = Ssl.newWithMemoryBios(context.handle(), new MemorySegment[2])) {
      // a new SSL starts on the slot of the key set last; its certificate is that slot's
      keyHasCertificate = !Ssl.certificate(probe.get()).equals(MemorySegment.NULL);
    }
    if (!keyHasCertificate) {
      context.close();
      throw new NodeError("ERR_JTLS_KEY_WITHOUT_CERTIFICATE",
          "The private key has no certificate of its type: key and certificate do not belong together");
    }
    return context;
  }

  private static Content read(Path key, Path cert) {
    try {
      return new Content(Files.readAllBytes(key), Files.readAllBytes(cert), null);
    } catch (IOException e) {
      return new Content(null, null, e);
    }
  }
}

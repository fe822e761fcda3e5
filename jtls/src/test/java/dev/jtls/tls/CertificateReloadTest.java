package dev.jtls.tls;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.net.LoopTesting;
import dev.jtls.stream.Duplex;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watchCertificates}: key and certificate files replaced on disk — renamed into place or
 * written in place, half-written, bad — while clients connect. The two identities are the test
 * PKI's RSA and EC certificates for localhost; a client tells them apart by the key it sees.
 */
class CertificateReloadTest {
  private static final Path PKI = LoopPeers.PKI;

  @TempDir
  Path dir;

  private Path keyFile;
  private Path certFile;
  private TlsServer server;
  private final List<Throwable> reloadErrors = new CopyOnWriteArrayList<>();

  private enum Identity {
    RSA("server.key", "server-chain.pem"),
    EC("server-ec.key", "server-ec-chain.pem");

    final byte[] key;
    final byte[] cert;

    Identity(String key, String cert) {
      this.key = LoopPeers.pem(key);
      this.cert = LoopPeers.pem(cert);
    }
  }

  @BeforeEach
  void serveRsaFromFiles() throws IOException {
    keyFile = dir.resolve("key.pem");
    certFile = dir.resolve("cert.pem");
    Files.write(keyFile, Identity.RSA.key);
    Files.write(certFile, Identity.RSA.cert);
    server = Tls.createServer(new ServerOptions().key(keyFile).cert(certFile), socket -> {
      socket.on(Duplex.ERROR, e -> {});
      socket.end();
    });
    server.on(TlsServer.CERTIFICATE_RELOAD_ERROR, reloadErrors::add);
    await(server.listenAsync(0, "127.0.0.1"));
  }

  @AfterEach
  void close() {
    await(server.closeAsync());
  }

  /** The identity a new connection is served, or the handshake's error. */
  private Identity served() {
    TlsSocket socket = await(Tls.connectAsync(new ConnectOptions().host("127.0.0.1").port(server.address().port())
        .servername("localhost").ca(PKI.resolve("root-ca.pem"))));
    Identity identity = socket.getPeerCertificate().modulus() != null ? Identity.RSA : Identity.EC;
    socket.destroy();
    return identity;
  }

  /** A future for the next 'certificateReload' (or, failing it, 'certificateReloadError'). */
  private CompletableFuture<Void> nextReload() {
    CompletableFuture<Void> reloaded = new CompletableFuture<>();
    server.once(TlsServer.CERTIFICATE_RELOAD, () -> reloaded.complete(null));
    server.once(TlsServer.CERTIFICATE_RELOAD_ERROR, reloaded::completeExceptionally);
    return reloaded;
  }

  private void renameIntoPlace(Identity identity) throws IOException {
    Path newKey = Files.write(dir.resolve("key.pem.new"), identity.key);
    Path newCert = Files.write(dir.resolve("cert.pem.new"), identity.cert);
    Files.move(newKey, keyFile, StandardCopyOption.ATOMIC_MOVE);
    Files.move(newCert, certFile, StandardCopyOption.ATOMIC_MOVE);
  }

  private void writeInPlace(Identity identity) throws IOException {
    Files.write(keyFile, identity.key);
    Files.write(certFile, identity.cert);
  }

  @Test
  void aCertificateRenamedIntoPlaceIsServedToNewConnections() throws IOException {
    server.watchCertificates(keyFile, certFile);
    assertEquals(Identity.RSA, served());
    CompletableFuture<Void> reloaded = nextReload();
    renameIntoPlace(Identity.EC);
    await(reloaded);
    assertEquals(Identity.EC, served());
    assertEquals(List.of(), reloadErrors);
  }

  @Test
  void aCertificateWrittenInPlaceEvenByHalvesIsServedOnceComplete() throws IOException, InterruptedException {
    server.watchCertificates(keyFile, certFile);
    CompletableFuture<Void> reloaded = nextReload();
    byte[] key = Identity.EC.key;
    try (OutputStream out = Files.newOutputStream(keyFile)) {
      out.write(Arrays.copyOf(key, key.length / 2));
      out.flush();
      // the watcher reads the half-written key (it fails to parse); the rest comes a moment later
      Thread.sleep(CertificateWatcher.QUIET_MILLIS * 3);
      assertEquals(Identity.RSA, served(), "the old pair is served meanwhile");
      out.write(key, key.length / 2, key.length - key.length / 2);
    }
    Files.write(certFile, Identity.EC.cert);
    await(reloaded);
    assertEquals(Identity.EC, served());
  }

  @Test
  void aBadCertificateIsReportedAndTheOldOneStaysServed() throws IOException {
    server.watchCertificates(keyFile, certFile);
    CompletableFuture<Throwable> reported = new CompletableFuture<>();
    server.once(TlsServer.CERTIFICATE_RELOAD_ERROR, reported::complete);
    Files.writeString(certFile, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
    NodeError error = assertInstanceOf(NodeError.class, await(reported));
    assertTrue(error.code().startsWith("ERR_OSSL_"), error.code());
    assertEquals(Identity.RSA, served());
  }

  @Test
  void aKeyOfAnotherTypeThanItsCertificateIsReportedAndNotServed() throws IOException {
    server.watchCertificates(keyFile, certFile);
    CompletableFuture<Throwable> reported = new CompletableFuture<>();
    server.once(TlsServer.CERTIFICATE_RELOAD_ERROR, reported::complete);
    Files.write(keyFile, Identity.EC.key);
    assertEquals("ERR_JTLS_KEY_WITHOUT_CERTIFICATE", assertInstanceOf(NodeError.class, await(reported)).code());
    assertEquals(Identity.RSA, served());
  }

  @Test
  void badFilesThrowWhenWatchingStarts() throws IOException {
    Files.writeString(certFile, "nothing");
    NodeError e = assertThrows(NodeError.class, () -> server.watchCertificates(keyFile, certFile));
    assertEquals("ERR_OSSL_PEM_NO_START_LINE", e.code());
    assertThrows(UncheckedIOException.class, () -> server.watchCertificates(dir.resolve("missing.key"), certFile));
    assertEquals(Identity.RSA, served());
  }

  @Test
  void reloadsUnderLiveLoadFailNoHandshake() throws IOException, InterruptedException {
    server.watchCertificates(keyFile, certFile);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger handshakes = new AtomicInteger();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Thread client = new Thread(() -> {
        while (running.get()) {
          try {
            served();
            handshakes.incrementAndGet();
          } catch (RuntimeException | AssertionError e) {
            failures.add(e);
          }
        }
      });
      client.start();
      clients.add(client);
    }
    Identity[] sequence = {Identity.EC, Identity.RSA, Identity.EC, Identity.RSA, Identity.EC, Identity.RSA};
    for (int i = 0; i < sequence.length; i++) {
      CompletableFuture<Void> reloaded = nextReload();
      int before = handshakes.get();
      if (i % 2 == 0) {
        renameIntoPlace(sequence[i]);
      } else {
        writeInPlace(sequence[i]);
      }
      await(reloaded);
      // the clients keep connecting across each replacement before the next one starts
      awaitCount(handshakes, before + 10, failures);
    }
    running.set(false);
    for (Thread client : clients) {
      client.join();
    }
    assertEquals(List.of(), failures);
    assertEquals(List.of(), reloadErrors);
    assertEquals(Identity.RSA, served());
  }

  /** Waits (within the tests' timeout) until {@code counter} reaches {@code target}, or a handshake failed. */
  private static void awaitCount(AtomicInteger counter, int target, List<Throwable> failures) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LoopTesting.TIMEOUT_SECONDS);
    while (counter.get() < target && failures.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + counter.get() + " of " + target + " handshakes");
      }
      Thread.sleep(5);
    }
  }

  @Test
  void closingTheServerStopsTheWatcher() throws IOException {
    CertificateWatcher watcher = server.watchCertificates(keyFile, certFile);
    await(server.closeAsync());
    List<String> events = new CopyOnWriteArrayList<>();
    server.on(TlsServer.CERTIFICATE_RELOAD, () -> events.add("reload"));
    renameIntoPlace(Identity.EC);
    watcher.close(); // already closed by the server: does nothing
    await(server.listenAsync(0, "127.0.0.1"));
    assertEquals(Identity.RSA, served(), "the last context served is rebuilt, the files no longer watched");
    assertEquals(List.of(), events);
  }
}

package dev.jtls.tls.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** JSSE contexts from the test PKI's PEM files: JSSE reads key stores, so the PEM goes into one here. */
final class JsseContexts {
  private static final char[] NO_PASSWORD = new char[0];

  private JsseContexts() {}

  /** A context presenting {@code identity} (when not null) and trusting only the test root. */
  static SSLContext of(Identity identity) {
    try {
      TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
      KeyStore roots = emptyStore();
      roots.setCertificateEntry("root", certificates(Identity.ROOT_CA)[0]);
      trust.init(roots);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(identity == null ? null : keyManagers(identity), trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new AssertionError("JSSE context for " + identity, e);
    }
  }

  private static KeyManager[] keyManagers(Identity identity) throws GeneralSecurityException {
    Certificate[] chain = certificates(identity.chain());
    // The test keys are unencrypted PKCS#8 ("BEGIN PRIVATE KEY").
    byte[] der = Base64.getMimeDecoder().decode(read(identity.key()).replaceAll("-----[^-]+-----", ""));
    PrivateKey key = KeyFactory.getInstance(chain[0].getPublicKey().getAlgorithm())
        .generatePrivate(new PKCS8EncodedKeySpec(der));
    KeyStore store = emptyStore();
    store.setKeyEntry("identity", key, NO_PASSWORD, chain);
    KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX");
    factory.init(store, NO_PASSWORD);
    return factory.getKeyManagers();
  }

  private static Certificate[] certificates(Path pem) throws GeneralSecurityException {
    try (InputStream in = Files.newInputStream(pem)) {
      return CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(Certificate[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static KeyStore emptyStore() throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return store;
  }
}

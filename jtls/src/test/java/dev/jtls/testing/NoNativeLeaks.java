package dev.jtls.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.jtls.internal.openssl.LiveNatives;
import dev.jtls.internal.openssl.SslOwners;
import dev.jtls.internal.openssl.TicketKeys;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class whose native OpenSSL objects (SSL, SSL_CTX, X509, X509_STORE, EVP_PKEY, BIO)
 * are not all freed by the end of the class. Sockets close asynchronously, so it waits a little for
 * the counts to settle before judging. Registered for every test class through JUnit's extension
 * autodetection (junit-platform.properties).
 */
public final class NoNativeLeaks implements BeforeAllCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoNativeLeaks.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getStore(NS).put("before", counts());
  }

  @Override
  @SuppressWarnings("unchecked")
  public void afterAll(ExtensionContext context) throws InterruptedException {
    Map<String, Long> before = (Map<String, Long>) context.getStore(NS).get("before");
    long deadline = System.nanoTime() + 5_000_000_000L;
    Map<String, Long> after = counts();
    while (!after.equals(before) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      after = counts();
    }
    if (!after.equals(before)) {
      fail("native objects leaked by " + context.getDisplayName() + ": before " + before + ", after " + after);
    }
  }

  /** Live native objects by kind, the SSL owners upcalls can still reach, and contexts' ticket keys. */
  private static Map<String, Long> counts() {
    Map<String, Long> counts = new TreeMap<>();
    LiveNatives.snapshot().forEach((kind, n) -> counts.put(kind.name(), n));
    counts.put("SSL owners", (long) SslOwners.attached());
    counts.put("ticket key sets", (long) TicketKeys.attached());
    return counts;
  }
}

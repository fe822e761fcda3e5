package dev.jtls.tls.node;

import dev.jtls.testing.NodeRun;
import dev.jtls.tls.Tls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-tls-client-reject-12.js: test-tls-client-reject.js with {@code tls.DEFAULT_MAX_VERSION = 'TLSv1.2'}. */
class TlsClientReject12Test {
  @Test
  @Timeout(20)
  void rejectUnauthorizedVariantsOverTls12() {
    String before = Tls.DEFAULT_MAX_VERSION();
    Tls.DEFAULT_MAX_VERSION("TLSv1.2");
    try {
      NodeRun.run(getClass().getSimpleName(), TlsClientRejectTest::program);
    } finally {
      Tls.DEFAULT_MAX_VERSION(before);
    }
  }
}

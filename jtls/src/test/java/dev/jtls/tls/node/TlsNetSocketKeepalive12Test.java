package dev.jtls.tls.node;

import dev.jtls.tls.Tls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Node's test/parallel/test-tls-net-socket-keepalive-12.js: the keepalive test with DEFAULT_MAX_VERSION TLSv1.2. */
class TlsNetSocketKeepalive12Test {
  @Test
  @Timeout(20)
  void bothSidesWriteAndEndOverTls12() {
    String before = Tls.DEFAULT_MAX_VERSION();
    Tls.DEFAULT_MAX_VERSION("TLSv1.2");
    try {
      TlsNetSocketKeepaliveTest.run(getClass().getSimpleName());
    } finally {
      Tls.DEFAULT_MAX_VERSION(before);
    }
  }
}

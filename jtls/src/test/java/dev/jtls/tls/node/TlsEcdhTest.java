package dev.jtls.tls.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Node's test/parallel/test-tls-ecdh.js: an ECDHE-only server with ecdhCurve prime256v1 talks to s_client. */
class TlsEcdhTest {
  @Test
  void sClientGetsTheReplyOverEcdhe() throws Exception {
    assertTrue(NodeTestServer.sClientGetsTheReplyWithCurve("prime256v1"));
  }
}

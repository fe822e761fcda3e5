package dev.jtls.tls.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Node's test/parallel/test-tls-ecdh-auto.js: ecdhCurve 'auto' with an ECDHE-only cipher list. */
class TlsEcdhAutoTest {
  @Test
  void sClientGetsTheReplyWithAutomaticCurves() throws Exception {
    assertTrue(NodeTestServer.sClientGetsTheReplyWithCurve("auto"));
  }
}

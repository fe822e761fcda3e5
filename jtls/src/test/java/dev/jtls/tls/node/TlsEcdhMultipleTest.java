package dev.jtls.tls.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Node's test/parallel/test-tls-ecdh-multiple.js: a list of curves, and curves OpenSSL does not support. */
class TlsEcdhMultipleTest {
  @Test
  void aListOfCurvesWorksWithSClient() throws Exception {
    assertTrue(NodeTestServer.sClientGetsTheReplyWithCurve("secp256k1:prime256v1:secp521r1"));
  }

  @Test
  void unsupportedCurvesFailToSetTheCurve() {
    // Node adds brainpoolP256r1 in FIPS mode only; jtls does not run in FIPS mode.
    for (String ecdhCurve : List.of("wap-wsg-idm-ecid-wtls1", "c2pnb163v1", "prime192v3")) {
      NodeError e = assertThrows(NodeError.class, () -> Tls.createServer(new ServerOptions().ecdhCurve(ecdhCurve)));
      assertEquals("Failed to set ECDH curve", e.getMessage());
    }
  }
}

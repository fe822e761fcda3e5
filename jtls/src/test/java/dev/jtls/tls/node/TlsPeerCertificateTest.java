package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKeyText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.PeerCertificate;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.TlsSocket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-peer-certificate.js: the fields of getPeerCertificate() for an RSA
 * certificate (agent1 under ca1) and an EC one (self-signed ec), with and without the issuer
 * chain. Node's undefined is null here; the server gets the key, certificate and CA of Node's
 * {@code keys.agent1} / {@code keys.ec}.
 */
class TlsPeerCertificateTest {
  private static byte[] sha256(byte[] s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  @Timeout(20)
  void rsaCertificate() {
    NodeRun.run(getClass().getSimpleName(), node -> PairedConnect.connect(node,
        () -> new ServerOptions().key(readKeyText("agent1-key.pem")).cert(readKeyText("agent1-cert.pem"))
            .ca(readKeyText("ca1-cert.pem")),
        () -> new ConnectOptions().rejectUnauthorized(false),
        (err, pair, cleanup) -> {
          assertNull(err);
          TlsSocket socket = pair.client().conn;
          assertTrue(socket.getCertificate().isEmpty());
          PeerCertificate peerCert = socket.getPeerCertificate();
          assertNull(peerCert.issuerCertificate());
          peerCert = socket.getPeerCertificate(true);
          assertNotNull(peerCert.issuerCertificate());
          assertEquals(false, peerCert.ca());
          assertEquals(true, peerCert.issuerCertificate().ca());
          assertEquals("ry@tinyclouds.org", peerCert.subject().get("emailAddress"));
          assertEquals("147D36C1C2F74206DE9FAB5F2226D78ADB00A426", peerCert.serialNumber());
          assertEquals("0x10001", peerCert.exponent());
          assertEquals(2048, peerCert.bits());
          assertEquals((int) peerCert.bits(), peerCert.modulus().length() / 2 * 8);
          assertEquals("8B:89:16:C4:99:87:D2:13:1A:64:94:36:38:A5:32:01:F0:95:3B:53", peerCert.fingerprint());
          assertEquals("2C:62:59:16:91:89:AB:90:6A:3E:98:88:A6:D3:C5:58:58:6C:AE:FF:9C:33:"
              + "22:7C:B6:77:D3:34:E7:53:4B:05", peerCert.fingerprint256());
          assertEquals("0B:6F:D0:4D:6B:22:53:99:66:62:51:2D:2C:96:F2:58:3F:95:1C:CC:4C:44:"
              + "9D:B5:59:AA:AD:A8:F6:2A:24:8A:BB:06:A5:26:42:52:30:A3:37:61:30:A9:"
              + "5A:42:63:E0:21:2F:D6:70:63:07:96:6F:27:A7:78:12:08:02:7A:8B", peerCert.fingerprint512());
          assertEquals("490f8da0889339df5164d500b406de0af3249c174c2b60152528940fa116e9cc",
              HexFormat.of().formatHex(sha256(peerCert.pubkey())));
          assertEquals("SQ+NoIiTOd9RZNUAtAbeCvMknBdMK2AVJSiUD6EW6cw=", Base64.getEncoder().encodeToString(sha256(peerCert.pubkey())));
          assertEquals(List.of("http://ocsp.nodejs.org/"), peerCert.infoAccess().get("OCSP - URI"));
          PeerCertificate issuer = peerCert.issuerCertificate();
          assertSame(issuer, issuer.issuerCertificate());
          assertEquals("4AB16C8DFD6A7D0D2DFCABDF9C4B0E92C6AD0229", issuer.serialNumber());
          cleanup.run();
        }));
  }

  @Test
  @Timeout(20)
  void ecCertificate() {
    NodeRun.run(getClass().getSimpleName(), node -> PairedConnect.connect(node,
        () -> new ServerOptions().key(readKeyText("ec-key.pem")).cert(readKeyText("ec-cert.pem")).ca(readKeyText("ec-cert.pem")),
        () -> new ConnectOptions().rejectUnauthorized(false),
        (err, pair, cleanup) -> {
          assertNull(err);
          TlsSocket socket = pair.client().conn;
          PeerCertificate peerCert = socket.getPeerCertificate(true);
          assertNotNull(peerCert.issuerCertificate());
          peerCert = socket.getPeerCertificate(true);
          assertNotNull(peerCert.issuerCertificate());
          assertEquals("ry@tinyclouds.org", peerCert.subject().get("emailAddress"));
          assertEquals("32E8197681DA33185867B52885F678BFDBA51727", peerCert.serialNumber());
          assertNull(peerCert.exponent());
          assertNull(peerCert.get("pubKey"));
          assertNull(peerCert.modulus());
          assertEquals("31:EB:2C:7B:AA:39:E8:E8:F5:43:62:05:CD:64:B3:66:1E:EA:44:A3", peerCert.fingerprint());
          assertEquals("B9:27:E4:8F:C0:F5:E3:FD:A6:E5:96:11:DB:69:B8:80:94:8B:0F:6A:4C:D6:80:4F:"
              + "87:31:3C:A3:77:6C:4C:0A", peerCert.fingerprint256());
          assertEquals("45:E3:ED:6E:22:1C:3C:DD:D7:E1:65:A9:30:6E:79:0C:9F:98:B8:BC:24:BB:BA:32:"
              + "54:4D:70:4E:78:4F:1B:97:3C:A7:F5:DB:06:F1:36:E9:53:4C:0A:D2:86:83:79:8A:"
              + "72:2B:81:55:5D:6F:BC:A6:5B:61:85:26:6B:9D:3E:E8", peerCert.fingerprint512());
          assertEquals("ec68fc7d5e32cd4e1da5a7b59c0a2229be6f82fcc9bf8c8691a2262aacb14f53",
              HexFormat.of().formatHex(sha256(peerCert.pubkey())));
          assertEquals("prime256v1", peerCert.asn1Curve());
          assertEquals("P-256", peerCert.nistCurve());
          assertEquals(256, peerCert.bits());
          assertNull(peerCert.infoAccess());
          PeerCertificate issuer = peerCert.issuerCertificate();
          assertSame(issuer, issuer.issuerCertificate());
          assertEquals("32E8197681DA33185867B52885F678BFDBA51727", issuer.serialNumber());
          cleanup.run();
        }));
  }
}

package dev.jtls.tls.node;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.testing.NodeRun;
import dev.jtls.tls.ConnectOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import dev.jtls.tls.TlsSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-passphrase.js: an encrypted key with the right passphrase (top
 * level or per key in {pem, passphrase}), a plain key with a passphrase that is ignored, as a
 * buffer, string or array, all connect to a server that itself uses an encrypted key; a missing or
 * wrong passphrase throws "bad decrypt" at once. The server is unref'd, as in Node. Options go
 * through the Node-style option bag (Buffer is byte[], an array a List, an object a Map). Node
 * checks the throwing cases right after listen(), which knows its port at once there; here they
 * run in the listening callback.
 */
class TlsPassphraseTest {
  private static final byte[] PASS_KEY = readKey("rsa_private_encrypted.pem");
  private static final byte[] RAW_KEY = readKey("rsa_private.pem");
  private static final byte[] CERT = readKey("rsa_cert.crt");
  private static final String PASS_KEY_STR = new String(PASS_KEY, StandardCharsets.UTF_8);
  private static final String RAW_KEY_STR = new String(RAW_KEY, StandardCharsets.UTF_8);
  private static final String CERT_STR = new String(CERT, StandardCharsets.UTF_8);

  private static Map<String, Object> client(int port, Object key, String passphrase, Object cert) {
    Map<String, Object> bag = new HashMap<>();
    bag.put("port", port);
    bag.put("key", key);
    if (passphrase != null) {
      bag.put("passphrase", passphrase);
    }
    bag.put("cert", cert);
    bag.put("rejectUnauthorized", false);
    return bag;
  }

  private static Map<String, Object> pem(Object pem, String passphrase) {
    return passphrase == null ? Map.of("pem", pem) : Map.of("pem", pem, "passphrase", passphrase);
  }

  @Test
  @Timeout(20)
  void keysWithAndWithoutPassphrases() {
    TlsServer[] unrefd = new TlsServer[1];
    NodeRun.run(getClass().getSimpleName(), node -> {
      TlsServer server = unrefd[0] = Tls.createServer(new ServerOptions().key(PASS_KEY).passphrase("password").cert(CERT)
          .ca(List.of(CERT)).requestCert(true).rejectUnauthorized(true).loop(node.loop()));
      server.listen(0, node.mustCall(() -> {
        int port = server.address().port();
        List<Map<String, Object>> good = List.of(
            client(port, PASS_KEY, "password", CERT),
            client(port, RAW_KEY, null, CERT),
            client(port, RAW_KEY, "ignored", CERT),
            client(port, List.of(PASS_KEY), "password", List.of(CERT)),
            client(port, List.of(RAW_KEY), null, List.of(CERT)),
            client(port, List.of(RAW_KEY), "ignored", List.of(CERT)),
            client(port, PASS_KEY_STR, "password", CERT_STR),
            client(port, RAW_KEY_STR, null, CERT_STR),
            client(port, RAW_KEY_STR, "ignored", CERT_STR),
            client(port, List.of(PASS_KEY_STR), "password", List.of(CERT_STR)),
            client(port, List.of(RAW_KEY_STR), null, List.of(CERT_STR)),
            client(port, List.of(RAW_KEY_STR), "ignored", List.of(CERT_STR)),
            client(port, List.of(pem(PASS_KEY, "password")), null, CERT),
            client(port, List.of(pem(PASS_KEY, "password")), "ignored", CERT),
            client(port, List.of(pem(PASS_KEY, null)), "password", CERT),
            client(port, List.of(pem(PASS_KEY_STR, "password")), null, CERT),
            client(port, List.of(pem(RAW_KEY, "ignored")), null, CERT),
            client(port, List.of(pem(RAW_KEY_STR, "ignored")), null, CERT),
            client(port, List.of(pem(RAW_KEY, null)), "ignored", CERT),
            client(port, List.of(pem(RAW_KEY_STR, null)), "ignored", CERT),
            client(port, List.of(pem(RAW_KEY, null)), null, CERT),
            client(port, List.of(pem(RAW_KEY_STR, null)), null, CERT));
        for (Map<String, Object> options : good) {
          ConnectOptions connect = ConnectOptions.fromMap(options).loop(node.loop());
          TlsSocket[] socket = new TlsSocket[1];
          socket[0] = Tls.connect(connect, node.mustCall(() -> socket[0].end()));
        }
        List<Map<String, Object>> bad = List.of(
            client(port, PASS_KEY, null, CERT),
            client(port, List.of(PASS_KEY), null, CERT),
            client(port, List.of(pem(PASS_KEY, null)), null, CERT),
            client(port, PASS_KEY, "invalid", CERT),
            client(port, List.of(PASS_KEY), "invalid", CERT),
            client(port, List.of(pem(PASS_KEY, null)), "invalid", CERT),
            client(port, List.of(pem(PASS_KEY, "invalid")), "password", CERT));
        for (Map<String, Object> options : bad) {
          RuntimeException e = assertThrows(RuntimeException.class,
              () -> Tls.connect(ConnectOptions.fromMap(options).loop(node.loop())));
          assertTrue(e.getMessage().contains("bad decrypt"), e.getMessage());
        }
      }));
      server.unref();
    });
    // Node's process exits with the unref'd server open; here it is closed so its context is freed
    await(unrefd[0].closeAsync());
  }
}

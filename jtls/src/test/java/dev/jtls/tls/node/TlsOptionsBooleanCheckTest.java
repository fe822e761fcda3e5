package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtls.events.NodeError;
import dev.jtls.testing.NodeRun;
import dev.jtls.tls.SecureContextOptions;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Node's test/parallel/test-tls-options-boolean-check.js: key, cert and ca take strings, buffers,
 * arrays of them and {pem} objects, and false meaning absent; true, numbers and plain objects are
 * ERR_INVALID_ARG_TYPE naming the option and the offending value. Through the Node-style option
 * bag (Buffer is byte[], an array is a List, an object a Map). Node's ArrayBuffer and DataView
 * cases are left out: Java has no such types (the nearest, ByteBuffer, is another case).
 */
class TlsOptionsBooleanCheckTest {
  private static final byte[] KEY_BUFF = readKey("agent1-key.pem");
  private static final byte[] CERT_BUFF = readKey("agent1-cert.pem");
  private static final byte[] KEY_BUFF2 = readKey("ec-key.pem");
  private static final byte[] CERT_BUFF2 = readKey("ec-cert.pem");
  private static final byte[] CA_CERT = readKey("ca1-cert.pem");
  private static final byte[] CA_CERT2 = readKey("ca2-cert.pem");
  private static final String KEY_STR = text(KEY_BUFF);
  private static final String CERT_STR = text(CERT_BUFF);
  private static final String KEY_STR2 = text(KEY_BUFF2);
  private static final String CERT_STR2 = text(CERT_BUFF2);
  private static final String CA_CERT_STR = text(CA_CERT);
  private static final String CA_CERT_STR2 = text(CA_CERT2);

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static Map<String, Object> bag(Object key, Object cert) {
    Map<String, Object> bag = new HashMap<>();
    bag.put("key", key);
    bag.put("cert", cert);
    return bag;
  }

  // pending: false as key/cert/ca is ERR_INVALID_ARG_TYPE (Node: false means absent)
  @Test
  @Timeout(20)
  void acceptedKeyAndCert() {
    List<Object[]> cases = List.of(
        new Object[] {KEY_BUFF, CERT_BUFF}, new Object[] {false, CERT_BUFF}, new Object[] {KEY_BUFF, false},
        new Object[] {KEY_STR, CERT_STR}, new Object[] {false, CERT_STR}, new Object[] {KEY_STR, false},
        new Object[] {false, false},
        new Object[] {List.of(KEY_BUFF, KEY_BUFF2), List.of(CERT_BUFF, CERT_BUFF2)},
        new Object[] {List.of(KEY_STR, KEY_STR2), List.of(CERT_STR, CERT_STR2)},
        new Object[] {List.of(KEY_STR, KEY_STR2), false}, new Object[] {false, List.of(CERT_STR, CERT_STR2)},
        new Object[] {List.of(Map.of("pem", KEY_BUFF)), false},
        new Object[] {List.of(Map.of("pem", KEY_BUFF), Map.of("pem", KEY_BUFF)), false});
    for (Object[] c : cases) {
      NodeRun.release(assertDoesNotThrow(() -> Tls.createServer(ServerOptions.fromMap(bag(c[0], c[1]))), Arrays.deepToString(c)));
    }
  }

  // pending: false as key/cert/ca is ERR_INVALID_ARG_TYPE (Node: false means absent)
  @Test
  @Timeout(20)
  void rejectedKey() {
    List<Object[]> cases = List.of(
        new Object[] {true, CERT_BUFF, null}, new Object[] {true, CERT_STR, null}, new Object[] {true, false, null},
        new Object[] {Map.of("pem", KEY_BUFF), false, null},
        new Object[] {Arrays.asList(KEY_BUFF, true), List.of(CERT_BUFF, CERT_BUFF2), 1},
        new Object[] {Arrays.asList(true, KEY_STR2), List.of(CERT_STR, CERT_STR2), 0},
        new Object[] {Arrays.asList(true, false), List.of(CERT_BUFF, CERT_BUFF2), 0},
        new Object[] {true, List.of(CERT_BUFF, CERT_BUFF2), null});
    for (Object[] c : cases) {
      Object val = c[2] == null ? c[0] : ((List<?>) c[0]).get((Integer) c[2]);
      expectInvalid("key", val, () -> Tls.createServer(ServerOptions.fromMap(bag(c[0], c[1]))));
    }
  }

  @Test
  @Timeout(20)
  void rejectedCert() {
    List<Object[]> cases = List.of(
        new Object[] {KEY_BUFF, true, null}, new Object[] {KEY_STR, true, null}, new Object[] {true, true, null},
        new Object[] {false, true, null}, new Object[] {false, Map.of("pem", KEY_BUFF), null},
        new Object[] {false, 1, null},
        new Object[] {List.of(KEY_BUFF, KEY_BUFF2), Arrays.asList(true, CERT_BUFF2), 0},
        new Object[] {List.of(KEY_STR, KEY_STR2), Arrays.asList(CERT_STR, true), 1},
        new Object[] {List.of(KEY_STR, KEY_STR2), Arrays.asList(true, false), 0},
        new Object[] {List.of(KEY_STR, KEY_STR2), true, null});
    for (Object[] c : cases) {
      Object val = c[2] == null ? c[1] : ((List<?>) c[1]).get((Integer) c[2]);
      expectInvalid("cert", val, () -> Tls.createServer(ServerOptions.fromMap(bag(c[0], c[1]))));
    }
  }

  // pending: false as key/cert/ca is ERR_INVALID_ARG_TYPE (Node: false means absent)
  @Test
  @Timeout(20)
  void acceptedCa() {
    for (Object ca : List.of(CA_CERT, List.of(CA_CERT, CA_CERT2), CA_CERT_STR, List.of(CA_CERT_STR, CA_CERT_STR2), false)) {
      Map<String, Object> bag = bag(KEY_BUFF, CERT_BUFF);
      bag.put("ca", ca);
      NodeRun.release(assertDoesNotThrow(() -> Tls.createServer(ServerOptions.fromMap(bag))));
    }
  }

  @Test
  @Timeout(20)
  void rejectedCa() {
    List<Object[]> cases = List.of(
        new Object[] {true, null}, new Object[] {Map.of(), null}, new Object[] {1, null},
        new Object[] {Arrays.asList(CA_CERT, true), 1});
    for (Object[] c : cases) {
      Object val = c[1] == null ? c[0] : ((List<?>) c[0]).get((Integer) c[1]);
      Map<String, Object> bag = bag(KEY_BUFF, CERT_BUFF);
      bag.put("ca", c[0]);
      expectInvalid("ca", val, () -> Tls.createServer(ServerOptions.fromMap(bag)));
    }
  }

  // pending: false as key/cert/ca is ERR_INVALID_ARG_TYPE (Node: false means absent)
  @Test
  @Timeout(20)
  void falsyValuesMeanAbsent() {
    for (Object falsy : Arrays.asList(null, false, "", 0)) {
      Map<String, Object> bag = new HashMap<>();
      bag.put("key", falsy);
      bag.put("cert", falsy);
      bag.put("ca", falsy);
      assertDoesNotThrow(() -> Tls.createSecureContext(SecureContextOptions.fromMap(bag)), String.valueOf(falsy)).close();
    }
  }

  private static void expectInvalid(String option, Object val, Runnable call) {
    NodeError e = assertThrows(NodeError.class, call::run, option + " " + val);
    assertEquals("ERR_INVALID_ARG_TYPE", e.code());
    assertEquals("The \"options." + option + "\" property must be of type string or an instance of Buffer, TypedArray, "
        + "or DataView." + invalidArgTypeHelper(val), e.getMessage());
  }

  /** Node's common.invalidArgTypeHelper, for the kinds of value these cases use. */
  private static String invalidArgTypeHelper(Object val) {
    return switch (val) {
      case Boolean b -> " Received type boolean (" + b + ")";
      case Integer n -> " Received type number (" + n + ")";
      case Map<?, ?> m -> " Received an instance of Object";
      default -> throw new IllegalArgumentException("no case for " + val);
    };
  }
}

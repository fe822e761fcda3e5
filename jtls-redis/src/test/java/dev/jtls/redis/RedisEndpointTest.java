package dev.jtls.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reaching Redis: AUTH, TLS ({@code rediss://}) with certificate verification, Sentinel, bad URIs. */
class RedisEndpointTest {
  private static final Path PKI = Path.of("../jtls/src/test/resources/pki").toAbsolutePath().normalize();

  private static SessionStoreOptions options() {
    return SessionStoreOptions.sealingKey("k1", new byte[32]).resumeWait(Duration.ofSeconds(2))
        .storeWait(Duration.ofSeconds(2));
  }

  private static void roundTrip(RedisConnection connection) throws Exception {
    RedisSessionStore store = new RedisSessionStore(connection, options());
    Await.until("connected to " + connection, connection::isConnected);
    byte[] id = RedisSessionStoreTest.random(32);
    byte[] data = RedisSessionStoreTest.random(100);
    Await.store(store, id, data);
    assertArrayEquals(data, Await.resume(store, id).sessionData());
  }

  /** The connection never comes up, and the store answers with full handshakes meanwhile. */
  private static void neverConnects(RedisConnection connection) throws Exception {
    RedisSessionStore store = new RedisSessionStore(connection, options());
    Thread.sleep(500);
    assertFalse(connection.isConnected());
    Await.Resumed r = Await.resume(store, RedisSessionStoreTest.random(32));
    assertNull(r.err());
    assertNull(r.sessionData());
  }

  @Test
  void authWithThePasswordInTheUri() throws Exception {
    try (RedisProcess redis = RedisProcess.start("--requirepass", "s3cret")) {
      try (RedisConnection good = RedisConnection.open(RedisEndpoint.of("redis://:s3cret@127.0.0.1:" + redis.port()))) {
        roundTrip(good);
      }
      try (RedisConnection bad = RedisConnection.open(RedisEndpoint.of("redis://:wrong@127.0.0.1:" + redis.port()))) {
        neverConnects(bad);
      }
    }
  }

  @Test
  void tlsVerifiesTheRedisServersCertificate() throws Exception {
    try (RedisProcess redis = RedisProcess.start(port -> List.of("--port", "0", "--tls-port", Integer.toString(port),
        "--tls-cert-file", PKI.resolve("server-chain.pem").toString(),
        "--tls-key-file", PKI.resolve("server.key").toString(),
        "--tls-ca-cert-file", PKI.resolve("ca-bundle.pem").toString(),
        "--tls-auth-clients", "no"))) {
      String uri = "rediss://127.0.0.1:" + redis.port();
      try (RedisConnection trusted = RedisConnection.open(RedisEndpoint.of(uri)
          .trustedCertificates(PKI.resolve("root-ca.pem")))) {
        roundTrip(trusted);
      }
      // The test CA is not among the JDK's roots: verification fails and nothing is sent.
      try (RedisConnection untrusted = RedisConnection.open(RedisEndpoint.of(uri))) {
        neverConnects(untrusted);
      }
    }
  }

  @Test
  void sentinelFindsTheMaster() throws Exception {
    try (RedisProcess master = RedisProcess.start();
        RedisProcess sentinel = RedisProcess.startSentinel(master.port(), "jtls");
        RedisConnection viaSentinel = RedisConnection.open(
            RedisEndpoint.of("redis-sentinel://127.0.0.1:" + sentinel.port() + "#jtls"))) {
      roundTrip(viaSentinel);
    }
  }

  @Test
  void badArgumentsAreNodeErrors() {
    assertEquals("ERR_INVALID_ARG_VALUE", assertThrows(NodeError.class, () -> RedisEndpoint.of("redis://")).code());
    NodeError e = assertThrows(NodeError.class, () -> RedisEndpoint.of("redis://:pw@"));
    assertFalse(e.getMessage().contains("pw"), e.getMessage());
    assertEquals("ERR_INVALID_ARG_TYPE", assertThrows(NodeError.class, () -> RedisEndpoint.of(null)).code());
    assertEquals("ERR_INVALID_ARG_VALUE", assertThrows(NodeError.class, RedisEndpoint::cluster).code());
    assertTrue(assertThrows(NodeError.class, () -> RedisEndpoint.of("redis://h").commandTimeout(Duration.ZERO))
        .getMessage().contains("commandTimeout"));
  }
}

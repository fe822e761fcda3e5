package dev.jtls.bench;

import dev.jtls.redis.RedisConnection;
import dev.jtls.redis.RedisEndpoint;
import dev.jtls.redis.RedisSessionStore;
import dev.jtls.redis.RedisTicketKeys;
import dev.jtls.redis.SessionStoreOptions;
import dev.jtls.redis.TicketKeyOptions;
import dev.jtls.tls.TlsServer;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The echo server's {@code --redis} mode: session IDs in jtls-redis's {@link RedisSessionStore}
 * (through 'newSession' / 'resumeSession') and ticket keys from {@link RedisTicketKeys}, as every
 * server of a fleet would run them. The sealing key comes from {@code JTLS_BENCH_SEALING_KEY} (64
 * hex digits, the same for servers that are to resume each other's sessions, which then share
 * jtls-redis's default key names). Without it the key is random and the Redis keys get a name of
 * this process's own: servers with different sealing keys on one Redis would otherwise each find
 * the shared ticket-key state unreadable and replace it, over and over.
 */
final class RedisResumption {
  /** Set on the server and the store alike: an entry only resumes under the context it was stored with. */
  static final String SESSION_ID_CONTEXT = "jtls-bench";
  /** The store's default, given to the server too so that both expire a session at the same time. */
  static final int SESSION_TIMEOUT = 300;

  private final RedisConnection redis;
  private final byte[] sealingKey;
  /** Prefix of this server's own Redis keys, or null for jtls-redis's shared default names. */
  private final String ownNames;

  private RedisResumption(RedisConnection redis, byte[] sealingKey, String ownNames) {
    this.redis = redis;
    this.sealingKey = sealingKey;
    this.ownNames = ownNames;
  }

  /** Starts connecting to the Redis at {@code uri} (a Lettuce URI) in the background. */
  static RedisResumption connect(String uri) {
    String hex = System.getenv("JTLS_BENCH_SEALING_KEY");
    RedisConnection redis = RedisConnection.open(RedisEndpoint.of(uri));
    if (hex != null && !hex.isEmpty()) {
      return new RedisResumption(redis, HexFormat.of().parseHex(hex), null);
    }
    SecureRandom random = new SecureRandom();
    byte[] key = new byte[32];
    random.nextBytes(key);
    return new RedisResumption(redis, key, "jtls-bench:" + HexFormat.of().toHexDigits(random.nextLong()) + ":");
  }

  /** Plugs the store and the shared ticket keys into {@code server}. */
  void serve(TlsServer server) {
    SessionStoreOptions storeOptions = SessionStoreOptions.sealingKey("bench", sealingKey)
        .sessionIdContext(SESSION_ID_CONTEXT).sessionTimeout(SESSION_TIMEOUT);
    TicketKeyOptions keyOptions = TicketKeyOptions.sealingKey("bench", sealingKey);
    if (ownNames != null) {
      storeOptions = storeOptions.keyPrefix(ownNames + "session:");
      keyOptions = keyOptions.redisKey(ownNames + "ticket-keys").channel(ownNames + "ticket-keys");
    }
    RedisSessionStore store = new RedisSessionStore(redis, storeOptions);
    server.on(TlsServer.NEW_SESSION, e -> store.newSession(e.sessionId(), e.sessionData(), e.callback()));
    server.on(TlsServer.RESUME_SESSION, e -> store.resumeSession(e.sessionId(), e.callback()));
    RedisTicketKeys.start(redis, keyOptions, server::setTicketKeys);
  }
}

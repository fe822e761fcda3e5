package dev.jtls.redis;

import dev.jtls.events.NodeError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Settings of a {@link RedisSessionStore}. Immutable: every setter returns a copy.
 *
 * <p>The sealing key is required: session data holds the session's master secret, so it never reaches Redis in
 * the clear. Every server of a fleet uses the same sealing key, {@code sessionIdContext} and
 * {@code sessionTimeout} as its {@code TlsServer}.
 */
public final class SessionStoreOptions {
  private final Sealer sealer;
  private final byte[] sessionIdContext;
  private final int sessionTimeout;
  private final Duration resumeWait;
  private final Duration storeWait;
  private final int maxInFlight;
  private final String keyPrefix;

  private SessionStoreOptions(Sealer sealer, byte[] sessionIdContext, int sessionTimeout, Duration resumeWait,
      Duration storeWait, int maxInFlight, String keyPrefix) {
    this.sealer = sealer;
    this.sessionIdContext = sessionIdContext;
    this.sessionTimeout = sessionTimeout;
    this.resumeWait = resumeWait;
    this.storeWait = storeWait;
    this.maxInFlight = maxInFlight;
    this.keyPrefix = keyPrefix;
  }

  /**
   * Entries are sealed with AES-256-GCM under {@code key} (32 random bytes, the same on every server), named
   * {@code keyId}. To change the key, give the new one here and the old one to {@link #openingKey} until the
   * entries it sealed have expired ({@code sessionTimeout}).
   */
  public static SessionStoreOptions sealingKey(String keyId, byte[] key) {
    return new SessionStoreOptions(Sealer.of(keyId, key), new byte[0], 300, Duration.ofMillis(50),
        Duration.ofMillis(50), 1024, "jtls:session:");
  }

  /** An older sealing key whose entries may still be opened (never used to seal). */
  public SessionStoreOptions openingKey(String keyId, byte[] key) {
    return new SessionStoreOptions(sealer.alsoOpening(keyId, key), sessionIdContext, sessionTimeout, resumeWait,
        storeWait, maxInFlight, keyPrefix);
  }

  /**
   * The server's {@code sessionIdContext}: an entry stored under one context never resumes under another
   * (default: none, i.e. empty).
   */
  public SessionStoreOptions sessionIdContext(String context) {
    if (context == null) {
      throw NodeError.invalidArgType("sessionIdContext", "of type string", null);
    }
    return sessionIdContext(context.getBytes(StandardCharsets.UTF_8));
  }

  /** The server's {@code sessionIdContext} as bytes. */
  public SessionStoreOptions sessionIdContext(byte[] context) {
    if (context == null) {
      throw NodeError.invalidArgType("sessionIdContext", "an instance of Buffer", null);
    }
    return new SessionStoreOptions(sealer, context.clone(), sessionTimeout, resumeWait, storeWait, maxInFlight,
        keyPrefix);
  }

  /** The server's {@code sessionTimeout} in seconds (default 300): entries expire after it. */
  public SessionStoreOptions sessionTimeout(int seconds) {
    if (seconds <= 0) {
      throw NodeError.outOfRange("sessionTimeout", ">= 1", seconds);
    }
    return new SessionStoreOptions(sealer, sessionIdContext, seconds, resumeWait, storeWait, maxInFlight,
        keyPrefix);
  }

  /** How long a resumption waits for Redis before going on with a full handshake (default 50 ms). */
  public SessionStoreOptions resumeWait(Duration wait) {
    return new SessionStoreOptions(sealer, sessionIdContext, sessionTimeout, RedisEndpoint.positive("resumeWait", wait),
        storeWait, maxInFlight, keyPrefix);
  }

  /**
   * How long a new session's connection may be held while its entry is written (default 50 ms): Node holds the
   * connection's outgoing data until {@code newSession}'s callback runs, so the callback runs by then.
   */
  public SessionStoreOptions storeWait(Duration wait) {
    return new SessionStoreOptions(sealer, sessionIdContext, sessionTimeout, resumeWait,
        RedisEndpoint.positive("storeWait", wait), maxInFlight, keyPrefix);
  }

  /**
   * At most this many Redis commands unanswered at once (default 1024); beyond it a resumption is a full
   * handshake and a new session is not stored, at once.
   */
  public SessionStoreOptions maxInFlight(int max) {
    if (max <= 0) {
      throw NodeError.outOfRange("maxInFlight", ">= 1", max);
    }
    return new SessionStoreOptions(sealer, sessionIdContext, sessionTimeout, resumeWait, storeWait, max, keyPrefix);
  }

  /** Prefix of the Redis keys (default {@code "jtls:session:"}), followed by the session ID in hex. */
  public SessionStoreOptions keyPrefix(String prefix) {
    if (prefix == null) {
      throw NodeError.invalidArgType("keyPrefix", "of type string", null);
    }
    return new SessionStoreOptions(sealer, sessionIdContext, sessionTimeout, resumeWait, storeWait, maxInFlight,
        prefix);
  }

  Sealer sealer() {
    return sealer;
  }

  byte[] sessionIdContext() {
    return sessionIdContext;
  }

  int sessionTimeout() {
    return sessionTimeout;
  }

  Duration resumeWait() {
    return resumeWait;
  }

  Duration storeWait() {
    return storeWait;
  }

  int maxInFlight() {
    return maxInFlight;
  }

  String keyPrefix() {
    return keyPrefix;
  }
}

package dev.jtls.redis;

import dev.jtls.events.NodeError;
import java.time.Duration;

/**
 * Settings of a {@link RedisTicketKeys}. Immutable: every setter returns a copy.
 *
 * <p>Ticket keys are secrets (with TLS 1.2 they decrypt every session they sealed), so Redis holds them sealed
 * under an operator-supplied key, the same on every server.
 */
public final class TicketKeyOptions {
  private final Sealer sealer;
  private final Duration rotationInterval;
  private final Duration pollInterval;
  private final String redisKey;
  private final String channel;

  private TicketKeyOptions(Sealer sealer, Duration rotationInterval, Duration pollInterval, String redisKey,
      String channel) {
    this.sealer = sealer;
    this.rotationInterval = rotationInterval;
    this.pollInterval = pollInterval;
    this.redisKey = redisKey;
    this.channel = channel;
  }

  /** Key sets are sealed with AES-256-GCM under {@code key} (32 random bytes), named {@code keyId}. */
  public static TicketKeyOptions sealingKey(String keyId, byte[] key) {
    return new TicketKeyOptions(Sealer.of(keyId, key), Duration.ofHours(1), Duration.ofSeconds(5),
        "jtls:ticket-keys", "jtls:ticket-keys");
  }

  /** An older sealing key whose state may still be opened (never used to seal). */
  public TicketKeyOptions openingKey(String keyId, byte[] key) {
    return new TicketKeyOptions(sealer.alsoOpening(keyId, key), rotationInterval, pollInterval, redisKey, channel);
  }

  /**
   * How often new keys are made (default 1 hour). A key set is current for one interval and previous for the
   * next, so a ticket stays openable for at least one interval after it was issued: keep this at least the
   * servers' {@code sessionTimeout}.
   */
  public TicketKeyOptions rotationInterval(Duration interval) {
    return new TicketKeyOptions(sealer, RedisEndpoint.positive("rotationInterval", interval), pollInterval, redisKey,
        channel);
  }

  /**
   * How often each server reads the state even without a notice (default 5 s): the fallback when a pub/sub
   * message was missed, and the clock of the rotation schedule.
   */
  public TicketKeyOptions pollInterval(Duration interval) {
    return new TicketKeyOptions(sealer, rotationInterval, RedisEndpoint.positive("pollInterval", interval), redisKey,
        channel);
  }

  /** The Redis key holding the state (default {@code "jtls:ticket-keys"}). */
  public TicketKeyOptions redisKey(String key) {
    return new TicketKeyOptions(sealer, rotationInterval, pollInterval, nonNull("redisKey", key), channel);
  }

  /** The pub/sub channel announcing rotations (default {@code "jtls:ticket-keys"}). */
  public TicketKeyOptions channel(String name) {
    return new TicketKeyOptions(sealer, rotationInterval, pollInterval, redisKey, nonNull("channel", name));
  }

  Sealer sealer() {
    return sealer;
  }

  Duration rotationInterval() {
    return rotationInterval;
  }

  Duration pollInterval() {
    return pollInterval;
  }

  String redisKey() {
    return redisKey;
  }

  String channel() {
    return channel;
  }

  private static String nonNull(String name, String value) {
    if (value == null) {
      throw NodeError.invalidArgType(name, "of type string", null);
    }
    return value;
  }
}

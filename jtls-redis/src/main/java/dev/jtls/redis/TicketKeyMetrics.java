package dev.jtls.redis;

/**
 * Counters of a {@link RedisTicketKeys} since it started.
 *
 * @param version the version of the key sets delivered last (0: none yet)
 * @param rotations rotations this server performed (won the compare-and-set)
 * @param adopted key-set versions delivered to the consumer
 * @param unusable times the state in Redis did not open (corrupt, or sealed under an unknown key); such a state
 *     is replaced by a fresh one at the next check
 * @param failures Redis commands that failed or were refused; the keys in use stay until Redis answers again
 */
public record TicketKeyMetrics(long version, long rotations, long adopted, long unusable, long failures) {}

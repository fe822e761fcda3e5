package dev.jtls.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * What Redis holds for shared ticket keys: a version counter, when that version was made, and the current and
 * previous 48-byte key sets in Node's layout (16-byte name, 16-byte HMAC secret, 16-byte AES key). The key
 * sets are sealed; version and time stay readable so a compare-and-set can test the version without the key.
 *
 * <p>Stored layout: {@code version(8) | rotatedAtMillis(8) | sealed(current(48) | previous(48 or nothing))}.
 */
record TicketKeyState(long version, long rotatedAtMillis, byte[] current, byte[] previous) {
  static final int KEYS_LENGTH = 48;
  private static final int HEADER = 16;
  private static final byte[] LABEL = "jtls-ticket-keys-v1".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * The state after {@code before} (null when there was none or it did not open) stored as version
   * {@code storedVersion}: a fresh current set, the current one of {@code before} as previous.
   */
  static TicketKeyState next(TicketKeyState before, long storedVersion, long nowMillis) {
    byte[] fresh = new byte[KEYS_LENGTH];
    RANDOM.nextBytes(fresh);
    return new TicketKeyState(storedVersion + 1, nowMillis, fresh, before == null ? null : before.current);
  }

  byte[] encode(Sealer sealer) {
    byte[] header = header(version, rotatedAtMillis);
    byte[] keys = previous == null ? current : ByteBuffer.allocate(2 * KEYS_LENGTH).put(current).put(previous).array();
    byte[] sealed = sealer.seal(associatedData(header), keys);
    return ByteBuffer.allocate(HEADER + sealed.length).put(header).put(sealed).array();
  }

  /** The version a stored value claims, readable without the key, or -1 when it has no header. */
  static long versionOf(byte[] stored) {
    return stored == null || stored.length < HEADER ? -1 : ByteBuffer.wrap(stored).getLong();
  }

  /** The first 8 bytes of a stored value, which the compare-and-set compares. */
  static byte[] versionBytes(byte[] stored) {
    return Arrays.copyOf(stored, 8);
  }

  /** The state in {@code stored}, or null when it is malformed or sealed under a key {@code sealer} lacks. */
  static TicketKeyState decode(Sealer sealer, byte[] stored) {
    if (versionOf(stored) < 1) {
      return null;
    }
    byte[] header = Arrays.copyOf(stored, HEADER);
    byte[] keys = sealer.open(associatedData(header), Arrays.copyOfRange(stored, HEADER, stored.length));
    if (keys == null || (keys.length != KEYS_LENGTH && keys.length != 2 * KEYS_LENGTH)) {
      return null;
    }
    ByteBuffer h = ByteBuffer.wrap(header);
    long version = h.getLong();
    long rotatedAt = h.getLong();
    byte[] previous = keys.length == KEYS_LENGTH ? null : Arrays.copyOfRange(keys, KEYS_LENGTH, keys.length);
    return new TicketKeyState(version, rotatedAt, Arrays.copyOf(keys, KEYS_LENGTH), previous);
  }

  private static byte[] header(long version, long rotatedAtMillis) {
    return ByteBuffer.allocate(HEADER).putLong(version).putLong(rotatedAtMillis).array();
  }

  private static byte[] associatedData(byte[] header) {
    return ByteBuffer.allocate(LABEL.length + header.length).put(LABEL).put(header).array();
  }
}

package dev.jtls.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The Redis key and sealed value of one session. The value holds its own expiry time as well as Redis's TTL,
 * so an entry whose TTL was lost (copied, restored from a dump, PERSISTed) still expires. The associated data
 * binds the session ID and the sessionIdContext: an entry moved to another key, or read by a server of another
 * context, does not open.
 */
final class SessionEntries {
  private static final byte[] LABEL = "jtls-session-v1".getBytes(StandardCharsets.US_ASCII);

  private final Sealer sealer;
  private final byte[] context;
  private final byte[] keyPrefix;
  private final long timeoutMillis;

  SessionEntries(SessionStoreOptions options) {
    this.sealer = options.sealer();
    this.context = options.sessionIdContext();
    this.keyPrefix = options.keyPrefix().getBytes(StandardCharsets.UTF_8);
    this.timeoutMillis = options.sessionTimeout() * 1000L;
  }

  long timeoutMillis() {
    return timeoutMillis;
  }

  byte[] key(byte[] sessionId) {
    byte[] hex = HexFormat.of().formatHex(sessionId).getBytes(StandardCharsets.US_ASCII);
    byte[] key = Arrays.copyOf(keyPrefix, keyPrefix.length + hex.length);
    System.arraycopy(hex, 0, key, keyPrefix.length, hex.length);
    return key;
  }

  byte[] seal(byte[] sessionId, byte[] sessionData, long nowMillis) {
    byte[] plain = ByteBuffer.allocate(8 + sessionData.length).putLong(nowMillis + timeoutMillis).put(sessionData)
        .array();
    return sealer.seal(associatedData(sessionId), plain);
  }

  /** The session data, or null when the value does not open here or has expired. */
  byte[] open(byte[] sessionId, byte[] value, long nowMillis) {
    byte[] plain = sealer.open(associatedData(sessionId), value);
    if (plain == null || plain.length < 8) {
      return null;
    }
    long expiresAt = ByteBuffer.wrap(plain).getLong();
    return nowMillis < expiresAt ? Arrays.copyOfRange(plain, 8, plain.length) : null;
  }

  private byte[] associatedData(byte[] sessionId) {
    return ByteBuffer.allocate(LABEL.length + 4 + context.length + sessionId.length)
        .put(LABEL).putInt(context.length).put(context).put(sessionId).array();
  }
}

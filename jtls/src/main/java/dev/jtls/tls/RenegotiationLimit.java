package dev.jtls.tls;

/**
 * Node's defence against client-initiated renegotiation as a CPU attack ({@code tls.CLIENT_RENEG_LIMIT}
 * and {@code tls.CLIENT_RENEG_WINDOW}, read at each handshake start as Node reads them): one counter
 * per server connection, told when the first handshake happened and fed every start after it. A
 * start that follows the previous one by a full window or more counts as the first again.
 */
final class RenegotiationLimit {
  private static volatile int limit = 3;
  private static volatile double windowSeconds = 600;

  private long lastStartNanos;
  private int handshakes;

  static int limit() {
    return limit;
  }

  static void limit(int renegotiations) {
    limit = renegotiations;
  }

  static double windowSeconds() {
    return windowSeconds;
  }

  static void windowSeconds(double seconds) {
    windowSeconds = seconds;
  }

  /** The first handshake, which never counts, happened at {@code nowNanos}. */
  void firstHandshake(long nowNanos) {
    lastStartNanos = nowNanos;
  }

  /** Records a renegotiation starting at {@code nowNanos}; true when it is one too many. */
  boolean exceededBy(long nowNanos) {
    long last = lastStartNanos;
    lastStartNanos = nowNanos;
    if (nowNanos - last >= (long) (windowSeconds * 1e9)) {
      handshakes = 1;
    } else {
      handshakes++;
    }
    return handshakes > limit;
  }
}

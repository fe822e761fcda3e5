package dev.jtls.tls;

/**
 * Node's defence against client-initiated renegotiation as a CPU attack ({@code tls.CLIENT_RENEG_LIMIT}
 * and {@code tls.CLIENT_RENEG_WINDOW}, read at each handshake start as Node reads them): one counter
 * per server connection, fed every handshake start after the first. A start that follows the previous
 * one by a full window or more counts as the first again.
 */
final class RenegotiationLimit {
  private static volatile int limit = 3;
  private static volatile double windowSeconds = 600;

  private long lastStartNanos;
  private boolean started;
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

  /** Records a handshake start at {@code nowNanos}; true when it is one renegotiation too many. */
  boolean exceededBy(long nowNanos) {
    long last = lastStartNanos;
    boolean first = !started;
    started = true;
    lastStartNanos = nowNanos;
    if (first) {
      return false;
    }
    if (nowNanos - last >= (long) (windowSeconds * 1e9)) {
      handshakes = 1;
    } else {
      handshakes++;
    }
    return handshakes > limit;
  }
}

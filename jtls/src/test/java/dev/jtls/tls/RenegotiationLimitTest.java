package dev.jtls.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Node's onhandshakestart arithmetic, on given clock readings (the first is the first handshake's):
 * the first handshake is free, each later
 * one counts, and one that follows the previous by CLIENT_RENEG_WINDOW or more counts as the first
 * renegotiation again.
 */
class RenegotiationLimitTest {
  private static final long SECOND = 1_000_000_000L;

  @AfterEach
  void restore() {
    Tls.CLIENT_RENEG_LIMIT(3);
    Tls.CLIENT_RENEG_WINDOW(600);
  }

  private static List<Boolean> starts(long... seconds) {
    RenegotiationLimit limit = new RenegotiationLimit();
    limit.firstHandshake(seconds[0] * SECOND);
    List<Boolean> exceeded = new ArrayList<>();
    for (int i = 1; i < seconds.length; i++) {
      exceeded.add(limit.exceededBy(seconds[i] * SECOND));
    }
    return exceeded;
  }

  @Test
  void theFourthRenegotiationWithinTheWindowExceedsTheDefaultLimit() {
    assertEquals(List.of(false, false, false, true), starts(1, 2, 3, 4, 5));
  }

  @Test
  void aStartAFullWindowAfterThePreviousOneCountsAsTheFirstAgain() {
    Tls.CLIENT_RENEG_WINDOW(10);
    assertEquals(List.of(false, false, false, false, false, false, true), starts(1, 2, 3, 4, 14, 15, 16, 17));
  }

  @Test
  void theDefaultsAreNodes() {
    assertEquals(3, Tls.CLIENT_RENEG_LIMIT());
    assertEquals(600.0, Tls.CLIENT_RENEG_WINDOW());
  }
}

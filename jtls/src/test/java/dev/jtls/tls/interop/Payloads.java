package dev.jtls.tls.interop;

import java.util.Random;

/** Test data for the peers. */
final class Payloads {
  private Payloads() {}

  /**
   * {@code length} pseudo-random bytes, the same for the same seed. They hold neither 'Q' nor 'q':
   * openssl s_server reads stdin in chunks and takes a chunk starting with either as its
   * "quit" command, and chunk boundaries are not ours to choose.
   */
  static byte[] random(int length, long seed) {
    Random random = new Random(seed);
    byte[] data = new byte[length];
    for (int i = 0; i < length; i++) {
      byte b;
      do {
        b = (byte) random.nextInt(256);
      } while (b == 'Q' || b == 'q');
      data[i] = b;
    }
    return data;
  }

  /** Whether {@code haystack} contains {@code needle}. */
  static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}

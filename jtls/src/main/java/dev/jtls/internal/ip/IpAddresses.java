package dev.jtls.internal.ip;

import java.util.Arrays;

/**
 * IP address text as Node handles it: {@code net.isIP} (which strings are addresses) and the
 * canonical form Node's cares_wrap {@code canonicalizeIP} produces through libuv's
 * {@code uv_inet_pton} / {@code uv_inet_ntop}. The two differ on purpose, as in Node: isIP is a
 * syntax check (IPv6 zone ids allowed), canonicalisation parses the address bytes and prints them
 * the way libuv does (lower-case hex, longest zero run as {@code ::}, embedded IPv4 where libuv
 * prints it), dropping any zone id. Shared by the net layer (addresses as Node prints them) and the
 * TLS layer (SNI and host name checks); not exported.
 */
public final class IpAddresses {
  private static final int IPV6_BYTES = 16;
  /** libuv copies at most INET6_ADDRSTRLEN - 1 characters of the address before a zone id. */
  private static final int MAX_ZONED_ADDRESS = 45;

  private IpAddresses() {}

  /** Node's {@code net.isIP}: 4 for an IPv4 address, 6 for an IPv6 address, else 0. */
  public static int isIP(String s) {
    if (isIPv4(s)) {
      return 4;
    }
    return isIPv6(s) ? 6 : 0;
  }

  /** Four decimal octets 0-255 without leading zeros. */
  private static boolean isIPv4(String s) {
    String[] octets = s.split("\\.", -1);
    if (octets.length != 4) {
      return false;
    }
    for (String octet : octets) {
      if (!isDecimalOctet(octet)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDecimalOctet(String s) {
    if (s.isEmpty() || s.length() > 3 || (s.length() > 1 && s.charAt(0) == '0')) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return Integer.parseInt(s) <= 255;
  }

  /**
   * Eight groups of 1-4 hex digits, the last two of which may be written as dotted IPv4; one
   * {@code ::} may stand for one or more zero groups; an optional {@code %zone} of letters,
   * digits, {@code -}, {@code .} and {@code :} may follow.
   */
  private static boolean isIPv6(String s) {
    int percent = s.indexOf('%');
    String address = percent < 0 ? s : s.substring(0, percent);
    if (percent >= 0 && !isZoneId(s.substring(percent + 1))) {
      return false;
    }
    int gap = address.indexOf("::");
    if (gap < 0) {
      return countGroups(address) == 8;
    }
    String head = address.substring(0, gap);
    String tail = address.substring(gap + 2);
    if (tail.contains("::")) {
      return false;
    }
    int headGroups = head.isEmpty() ? 0 : countGroups(head);
    int tailGroups = tail.isEmpty() ? 0 : countGroups(tail);
    if (headGroups < 0 || tailGroups < 0 || (!head.isEmpty() && head.contains("."))) {
      return false;
    }
    return headGroups + tailGroups <= 7;
  }

  private static boolean isZoneId(String zone) {
    if (zone.isEmpty()) {
      return false;
    }
    for (int i = 0; i < zone.length(); i++) {
      char c = zone.charAt(i);
      boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || c == '-' || c == '.' || c == ':';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * How many 16-bit groups {@code text} spells (colon-separated hex groups, the last of which may
   * be dotted IPv4 counting as two), or -1 when it is not such a list.
   */
  private static int countGroups(String text) {
    String[] groups = text.split(":", -1);
    int count = 0;
    for (int i = 0; i < groups.length; i++) {
      if (i == groups.length - 1 && groups[i].contains(".")) {
        if (!isIPv4(groups[i])) {
          return -1;
        }
        count += 2;
      } else if (isHexGroup(groups[i])) {
        count++;
      } else {
        return -1;
      }
    }
    return count;
  }

  private static boolean isHexGroup(String s) {
    if (s.isEmpty() || s.length() > 4) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (hexValue(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The value of an ASCII hex digit, or -1 (no other script's digits, as in C). */
  public static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  /**
   * Node's {@code canonicalizeIP}: the address printed back by libuv after parsing it as IPv4,
   * else as IPv6; null (Node's undefined) when neither parses.
   */
  public static String canonicalize(String text) {
    // Node hands libuv a C string: it ends at the first NUL.
    int nul = text.indexOf('\0');
    String s = nul < 0 ? text : text.substring(0, nul);
    byte[] v4 = new byte[4];
    if (parseIPv4(s, 0, v4, 0)) {
      return formatIPv4(v4, 0);
    }
    byte[] v6 = parseIPv6(s);
    return v6 == null ? null : formatIPv6(v6);
  }

  /**
   * libuv's inet_pton4 over {@code s} from {@code from} to its end: exactly four dot-separated
   * decimal octets, no leading zeros, none above 255.
   */
  private static boolean parseIPv4(String s, int from, byte[] out, int at) {
    int octets = 0;
    int value = 0;
    boolean sawDigit = false;
    byte[] tmp = new byte[4];
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        if (sawDigit && value == 0) {
          return false;
        }
        value = value * 10 + (c - '0');
        if (value > 255) {
          return false;
        }
        if (!sawDigit) {
          if (++octets > 4) {
            return false;
          }
          sawDigit = true;
        }
        tmp[octets - 1] = (byte) value;
      } else if (c == '.' && sawDigit) {
        if (octets == 4) {
          return false;
        }
        value = 0;
        sawDigit = false;
      } else {
        return false;
      }
    }
    if (octets < 4) {
      return false;
    }
    System.arraycopy(tmp, 0, out, at, 4);
    return true;
  }

  /** libuv's uv_inet_pton(AF_INET6): drops a zone id, then inet_pton6; null when invalid. */
  private static byte[] parseIPv6(String text) {
    String s = text;
    int percent = s.indexOf('%');
    if (percent >= 0) {
      if (percent > MAX_ZONED_ADDRESS) {
        return null;
      }
      s = s.substring(0, percent);
    }
    byte[] out = new byte[IPV6_BYTES];
    int pos = 0;
    if (s.startsWith(":")) {
      if (!s.startsWith("::")) {
        return null;
      }
      pos = 1;
    }
    int tp = 0;
    int gapAt = -1;
    int tokenStart = pos;
    int digits = 0;
    int value = 0;
    while (pos < s.length()) {
      char c = s.charAt(pos++);
      int digit = hexValue(c);
      if (digit >= 0) {
        value = (value << 4) | digit;
        if (++digits > 4) {
          return null;
        }
        continue;
      }
      if (c == ':') {
        tokenStart = pos;
        if (digits == 0) {
          if (gapAt >= 0) {
            return null;
          }
          gapAt = tp;
          continue;
        } else if (pos == s.length() || tp + 2 > IPV6_BYTES) {
          return null;
        }
        out[tp++] = (byte) (value >> 8);
        out[tp++] = (byte) value;
        digits = 0;
        value = 0;
        continue;
      }
      if (c == '.' && tp + 4 <= IPV6_BYTES && parseIPv4(s, tokenStart, out, tp)) {
        tp += 4;
        digits = 0;
        break;
      }
      return null;
    }
    if (digits > 0) {
      if (tp + 2 > IPV6_BYTES) {
        return null;
      }
      out[tp++] = (byte) (value >> 8);
      out[tp++] = (byte) value;
    }
    if (gapAt >= 0) {
      if (tp == IPV6_BYTES) {
        return null;
      }
      int moved = tp - gapAt;
      System.arraycopy(out, gapAt, out, IPV6_BYTES - moved, moved);
      Arrays.fill(out, gapAt, IPV6_BYTES - moved, (byte) 0);
      tp = IPV6_BYTES;
    }
    return tp == IPV6_BYTES ? out : null;
  }

  private static String formatIPv4(byte[] b, int at) {
    return (b[at] & 0xff) + "." + (b[at + 1] & 0xff) + "." + (b[at + 2] & 0xff) + "." + (b[at + 3] & 0xff);
  }

  /**
   * libuv's inet_ntop6: lower-case hex groups; the first longest run of two or more zero groups
   * becomes {@code ::}; the last 32 bits are dotted IPv4 for {@code ::a.b.c.d} (except {@code ::1}),
   * and {@code ::ffff:a.b.c.d}.
   */
  public static String formatIPv6(byte[] b) {
    int[] words = new int[8];
    for (int i = 0; i < 8; i++) {
      words[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestBase = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (words[i] != 0) {
        i++;
        continue;
      }
      int start = i;
      while (i < 8 && words[i] == 0) {
        i++;
      }
      if (i - start > bestLen) {
        bestBase = start;
        bestLen = i - start;
      }
    }
    if (bestLen < 2) {
      bestBase = -1;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
        if (i == bestBase) {
          out.append(':');
        }
        continue;
      }
      if (i != 0) {
        out.append(':');
      }
      boolean embeddedV4 = i == 6 && bestBase == 0
          && (bestLen == 6 || (bestLen == 7 && words[7] != 1) || (bestLen == 5 && words[5] == 0xffff));
      if (embeddedV4) {
        out.append(formatIPv4(b, 12));
        break;
      }
      out.append(Integer.toHexString(words[i]));
    }
    if (bestBase >= 0 && bestBase + bestLen == 8) {
      out.append(':');
    }
    return out.toString();
  }
}

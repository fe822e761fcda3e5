package dev.jtls.net;

import dev.jtls.events.NodeError;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Node's text forms of IP addresses and families. */
final class Addresses {
  private Addresses() {}

  /** The address {@code host} spells literally, or null when it is a name to resolve. */
  static InetAddress literal(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.isEmpty() || !(h.indexOf(':') >= 0 || Character.isDigit(h.charAt(0)))) {
      return null;
    }
    try {
      return InetAddress.ofLiteral(h);
    } catch (IllegalArgumentException notLiteral) {
      return null;
    }
  }

  /**
   * Node's view of a socket address. An IPv4 peer of a dual-stack (IPv6) socket is shown as
   * {@code ::ffff:a.b.c.d} with family IPv6, as Node shows it; Java hands it over as IPv4.
   */
  static AddressInfo info(SocketAddress socketAddress, boolean ipv6Socket) {
    if (!(socketAddress instanceof InetSocketAddress isa) || isa.getAddress() == null) {
      return null;
    }
    InetAddress a = isa.getAddress();
    if (a instanceof Inet4Address && ipv6Socket) {
      return new AddressInfo("::ffff:" + a.getHostAddress(), "IPv6", isa.getPort());
    }
    return new AddressInfo(text(a), family(a), isa.getPort());
  }

  static String family(InetAddress a) {
    return a instanceof Inet6Address ? "IPv6" : "IPv4";
  }

  /** The address as Node prints it: IPv6 in RFC 5952's shortest form, with its scope if any. */
  static String text(InetAddress a) {
    if (!(a instanceof Inet6Address v6)) {
      return a.getHostAddress();
    }
    byte[] b = v6.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append(i == 0 ? "::" : ":");
        i += bestLength - 1;
        continue;
      }
      sb.append(Integer.toHexString(groups[i]));
      if (i < 7) {
        sb.append(':');
      }
    }
    String scope = v6.getScopedInterface() != null ? v6.getScopedInterface().getName()
        : v6.getScopeId() != 0 ? Integer.toString(v6.getScopeId()) : null;
    return scope == null ? sb.toString() : sb + "%" + scope;
  }

  /** Node's {@code ERR_SOCKET_BAD_PORT}, thrown synchronously for a port outside 0..65535. */
  static void validatePort(int port, String name) {
    if (port < 0 || port > 65535) {
      throw new NodeError("ERR_SOCKET_BAD_PORT",
          name + " should be >= 0 and < 65536. Received type number (" + port + ").");
    }
  }
}

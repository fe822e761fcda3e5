package dev.jtls.net;

import dev.jtls.events.NodeError;
import dev.jtls.internal.ip.IpAddresses;
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

  /** The address as Node prints it: IPv6 as libuv's inet_ntop6 does, with its scope if any. */
  static String text(InetAddress a) {
    if (!(a instanceof Inet6Address v6)) {
      return a.getHostAddress();
    }
    String text = IpAddresses.formatIPv6(v6.getAddress());
    String scope = v6.getScopedInterface() != null ? v6.getScopedInterface().getName()
        : v6.getScopeId() != 0 ? Integer.toString(v6.getScopeId()) : null;
    return scope == null ? text : text + "%" + scope;
  }

  /** Node's {@code ERR_SOCKET_BAD_PORT}, thrown synchronously for a port outside 0..65535. */
  static void validatePort(int port, String name) {
    if (port < 0 || port > 65535) {
      throw new NodeError("ERR_SOCKET_BAD_PORT",
          name + " should be >= 0 and < 65536. Received type number (" + port + ").");
    }
  }
}

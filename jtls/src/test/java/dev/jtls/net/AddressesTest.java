package dev.jtls.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class AddressesTest {
  private static String text(String literal) {
    return Addresses.text(InetAddress.ofLiteral(literal));
  }

  @Test
  void ipv6IsPrintedInItsShortestForm() {
    assertEquals("::", text("0:0:0:0:0:0:0:0"));
    assertEquals("::1", text("0:0:0:0:0:0:0:1"));
    assertEquals("fe80::1", text("fe80:0:0:0:0:0:0:1"));
    assertEquals("2001:db8::", text("2001:db8:0:0:0:0:0:0"));
    assertEquals("2001:db8:0:1:1:1:1:1", text("2001:db8:0:1:1:1:1:1"));
    assertEquals("2001:db8::1:0:0:1", text("2001:db8:0:0:1:0:0:1"));
    assertEquals("2001:0:0:1::1", text("2001:0:0:1:0:0:0:1"));
    assertEquals("abcd:ef01::", text("ABCD:EF01:0:0:0:0:0:0"));
  }

  @Test
  void ipv4IsDottedDecimal() {
    assertEquals("127.0.0.1", text("127.0.0.1"));
  }

  @Test
  void ipv4PeerOfAnIpv6SocketIsMapped() {
    InetSocketAddress peer = new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), 5000);
    assertEquals(new AddressInfo("::ffff:127.0.0.1", "IPv6", 5000), Addresses.info(peer, true));
    assertEquals(new AddressInfo("127.0.0.1", "IPv4", 5000), Addresses.info(peer, false));
  }

  @Test
  void literalsAreRecognisedAndNamesAreNot() {
    assertEquals(InetAddress.ofLiteral("::1"), Addresses.literal("::1"));
    assertEquals(InetAddress.ofLiteral("::1"), Addresses.literal("[::1]"));
    assertEquals(InetAddress.ofLiteral("10.1.2.3"), Addresses.literal("10.1.2.3"));
    assertNull(Addresses.literal("localhost"));
    assertNull(Addresses.literal("1.example"));
    assertNull(Addresses.literal(""));
  }

  @Test
  void isIpFollowsNodesNetIsIp() {
    assertEquals(4, Net.isIP("127.0.0.1"));
    assertEquals(6, Net.isIP("::1"));
    assertEquals(6, Net.isIP("fe80::1%eth0"));
    assertEquals(0, Net.isIP("127.000.0.1"));
    assertEquals(0, Net.isIP("localhost"));
    assertEquals(0, Net.isIP(null));
    assertTrue(Net.isIPv4("10.0.0.1"));
    assertTrue(Net.isIPv6("2001:db8::68"));
  }
}

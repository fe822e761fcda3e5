package dev.jtls.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

class SystemErrorTest {
  @Test
  void javaExceptionsMapToLibuvCodes() {
    assertEquals("ECONNREFUSED", SystemError.codeOf(new ConnectException("Connection refused")));
    assertEquals("EADDRINUSE", SystemError.codeOf(new BindException("Address already in use")));
    assertEquals("EADDRNOTAVAIL", SystemError.codeOf(new BindException("Cannot assign requested address")));
    assertEquals("EACCES", SystemError.codeOf(new BindException("Permission denied")));
    assertEquals("ECONNRESET", SystemError.codeOf(new SocketException("Connection reset")));
    assertEquals("ECONNRESET", SystemError.codeOf(new IOException("Connection reset by peer")));
    assertEquals("EPIPE", SystemError.codeOf(new IOException("Broken pipe")));
    assertEquals("ETIMEDOUT", SystemError.codeOf(new ConnectException("Connection timed out")));
    assertEquals("ENOENT", SystemError.codeOf(new SocketException("No such file or directory")));
    assertEquals("ENETUNREACH", SystemError.codeOf(new ConnectException("Network is unreachable")));
    assertEquals("EHOSTUNREACH", SystemError.codeOf(new ConnectException("No route to host")));
    assertEquals("EBADF", SystemError.codeOf(new ClosedChannelException()));
    assertEquals("ENOTFOUND", SystemError.codeOf(new UnknownHostException("x.invalid")));
    assertEquals("UNKNOWN", SystemError.codeOf(new IOException("something new")));
    assertEquals("UNKNOWN", SystemError.codeOf(new IOException()));
  }

  @Test
  void errnoIsLibuvsNegativeLinuxNumber() {
    assertEquals(-111, SystemError.of("ECONNREFUSED", "connect", null, -1).errno());
    assertEquals(-98, SystemError.of("EADDRINUSE", "listen", null, -1).errno());
    assertEquals(-104, SystemError.of("ECONNRESET", "read", null, -1).errno());
    assertEquals(-32, SystemError.of("EPIPE", "write", null, -1).errno());
    assertEquals(-110, SystemError.of("ETIMEDOUT", "connect", null, -1).errno());
    assertEquals(-2, SystemError.of("ENOENT", "connect", null, -1).errno());
    assertEquals(-13, SystemError.of("EACCES", "listen", null, -1).errno());
    assertEquals(-99, SystemError.of("EADDRNOTAVAIL", "listen", null, -1).errno());
    assertEquals(-3008, SystemError.lookup("ENOTFOUND", "x.invalid", null).errno());
    assertEquals(-4094, SystemError.of("UNKNOWN", "read", null, -1).errno());
  }

  @Test
  void messagesHaveNodesTwoFormats() {
    assertEquals("connect ECONNREFUSED 127.0.0.1:1", SystemError.of("ECONNREFUSED", "connect", "127.0.0.1", 1).getMessage());
    assertEquals("read ECONNRESET", SystemError.of("ECONNRESET", "read", null, -1).getMessage());
    assertEquals("connect ENOENT /tmp/s.sock", SystemError.of("ENOENT", "connect", "/tmp/s.sock", -1).getMessage());
    assertEquals("listen EADDRINUSE: address already in use 127.0.0.1:8080",
        SystemError.withDescription("EADDRINUSE", "listen", "127.0.0.1", 8080).getMessage());
    assertEquals("listen EACCES: permission denied 0.0.0.0:80",
        SystemError.withDescription("EACCES", "listen", "0.0.0.0", 80).getMessage());
    assertEquals("getaddrinfo ENOTFOUND x.invalid", SystemError.lookup("ENOTFOUND", "x.invalid", null).getMessage());
  }

  @Test
  void fieldsAreNodesProperties() {
    SystemError e = SystemError.from(new ConnectException("Connection refused"), "connect", "::1", 443);
    assertEquals("ECONNREFUSED", e.code());
    assertEquals("connect", e.syscall());
    assertEquals("::1", e.address());
    assertEquals(443, e.port());
    assertNull(e.hostname());
    assertEquals("connect ECONNREFUSED ::1:443", e.getMessage());
  }
}

package dev.jtls.net;

import static dev.jtls.net.LoopTesting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jtls.events.NodeError;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connection failures carry Node's system error fields and messages, emitted as 'error' then 'close'. */
class NetConnectErrorsTest extends NetTestBase {
  @TempDir
  Path dir;

  private record Failure(SystemError error, List<String> events) {}

  private Failure failedConnect(NetConnectOptions options) {
    SocketRecorder recorder = connectRecorded(options);
    await(recorder.closed);
    return new Failure(assertInstanceOf(SystemError.class, await(recorder.error)), recorder.events);
  }

  /** A loopback port with nothing listening: bound once, then released. */
  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void refusedConnectionIsEconnrefused() throws Exception {
    int port = closedPort();
    Failure f = failedConnect(new NetConnectOptions().host("127.0.0.1").port(port));
    assertEquals("ECONNREFUSED", f.error.code());
    assertEquals(-111, f.error.errno());
    assertEquals("connect", f.error.syscall());
    assertEquals("127.0.0.1", f.error.address());
    assertEquals(port, f.error.port());
    assertEquals("connect ECONNREFUSED 127.0.0.1:" + port, f.error.getMessage());
    assertEquals(List.of("error", "close:true"), f.events);
  }

  @Test
  void refusedIpv6ConnectionNamesTheIpv6Address() throws Exception {
    int port = closedPort();
    Failure f = failedConnect(new NetConnectOptions().host("::1").port(port));
    assertEquals("ECONNREFUSED", f.error.code());
    assertEquals("connect ECONNREFUSED ::1:" + port, f.error.getMessage());
  }

  @Test
  void unresolvableNameIsEnotfound() {
    Failure f = failedConnect(new NetConnectOptions().host("no-such-host.invalid").port(80));
    assertEquals("ENOTFOUND", f.error.code());
    assertEquals(-3008, f.error.errno());
    assertEquals("getaddrinfo", f.error.syscall());
    assertEquals("no-such-host.invalid", f.error.hostname());
    assertNull(f.error.address());
    assertEquals("getaddrinfo ENOTFOUND no-such-host.invalid", f.error.getMessage());
    assertEquals(List.of("error", "close:true"), f.events);
  }

  @Test
  void missingUnixSocketIsEnoent() {
    String path = dir.resolve("missing.sock").toString();
    Failure f = failedConnect(new NetConnectOptions().path(path));
    assertEquals("ENOENT", f.error.code());
    assertEquals(-2, f.error.errno());
    assertEquals("connect", f.error.syscall());
    assertEquals(path, f.error.address());
    assertEquals(-1, f.error.port());
    assertEquals("connect ENOENT " + path, f.error.getMessage());
  }

  @Test
  void portOutOfRangeThrowsSynchronously() {
    NodeError e = assertThrows(NodeError.class, () -> Net.connect(new NetConnectOptions().port(70000).loop(loop)));
    assertEquals("ERR_SOCKET_BAD_PORT", e.code());
    assertEquals("Port should be >= 0 and < 65536. Received type number (70000).", e.getMessage());
  }

  @Test
  void missingPortAndPathThrowsSynchronously() {
    NodeError e = assertThrows(NodeError.class, () -> Net.connect(new NetConnectOptions().loop(loop)));
    assertEquals("ERR_MISSING_ARGS", e.code());
  }

  @Test
  void invalidLocalAddressThrowsSynchronously() {
    NodeError e = assertThrows(NodeError.class,
        () -> Net.connect(new NetConnectOptions().port(1).localAddress("not-an-ip").loop(loop)));
    assertEquals("ERR_INVALID_IP_ADDRESS", e.code());
  }
}

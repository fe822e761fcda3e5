package dev.jtls.net;

import dev.jtls.internal.ip.IpAddresses;
import java.util.function.Consumer;

/**
 * Node's {@code node:net} module functions: {@code createServer}, {@code connect} and its alias
 * {@code createConnection}. Sockets and servers use {@link EventLoop#defaultLoop()} unless their
 * options name a loop.
 */
public final class Net {
  private Net() {}

  public static NetServer createServer() {
    return createServer(null, null);
  }

  public static NetServer createServer(Consumer<NetSocket> connectionListener) {
    return createServer(null, connectionListener);
  }

  public static NetServer createServer(NetServerOptions options) {
    return createServer(options, null);
  }

  /** A new server; {@code connectionListener} (may be null) is added for 'connection'. */
  public static NetServer createServer(NetServerOptions options, Consumer<NetSocket> connectionListener) {
    NetServer server = new NetServer(null, options);
    if (connectionListener != null) {
      server.loop().run(() -> server.on(NetServer.CONNECTION, connectionListener));
    }
    return server;
  }

  /** A new socket connecting as {@code options} say. */
  public static NetSocket connect(NetConnectOptions options) {
    return connect(options, null);
  }

  /** A new socket connecting as {@code options} say; {@code connectListener} (may be null) runs on 'connect'. */
  public static NetSocket connect(NetConnectOptions options, Runnable connectListener) {
    return new NetSocket(null, options).connect(options, connectListener);
  }

  /** A new socket connecting to localhost:{@code port}. */
  public static NetSocket connect(int port) {
    return connect(port, null, null);
  }

  public static NetSocket connect(int port, String host) {
    return connect(port, host, null);
  }

  public static NetSocket connect(int port, String host, Runnable connectListener) {
    NetConnectOptions options = new NetConnectOptions().port(port);
    if (host != null) {
      options.host(host);
    }
    return connect(options, connectListener);
  }

  /** A new socket connecting to the Unix-domain socket at {@code path}. */
  public static NetSocket connect(String path) {
    return connect(path, null);
  }

  public static NetSocket connect(String path, Runnable connectListener) {
    return connect(new NetConnectOptions().path(path), connectListener);
  }

  /** Node's alias of {@link #connect(NetConnectOptions)}. */
  public static NetSocket createConnection(NetConnectOptions options) {
    return connect(options, null);
  }

  public static NetSocket createConnection(NetConnectOptions options, Runnable connectListener) {
    return connect(options, connectListener);
  }

  public static NetSocket createConnection(int port) {
    return connect(port, null, null);
  }

  public static NetSocket createConnection(int port, String host) {
    return connect(port, host, null);
  }

  public static NetSocket createConnection(int port, String host, Runnable connectListener) {
    return connect(port, host, connectListener);
  }

  public static NetSocket createConnection(String path) {
    return connect(path, null);
  }

  public static NetSocket createConnection(String path, Runnable connectListener) {
    return connect(path, connectListener);
  }

  /** Node's {@code net.isIP}: 4 for an IPv4 address, 6 for an IPv6 address (zone ids allowed), else 0. */
  public static int isIP(String input) {
    return input == null ? 0 : IpAddresses.isIP(input);
  }

  /** Node's {@code net.isIPv4}. */
  public static boolean isIPv4(String input) {
    return isIP(input) == 4;
  }

  /** Node's {@code net.isIPv6}. */
  public static boolean isIPv6(String input) {
    return isIP(input) == 6;
  }
}

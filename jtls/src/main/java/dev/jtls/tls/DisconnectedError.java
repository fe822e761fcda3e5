package dev.jtls.tls;

import dev.jtls.events.NodeError;

/**
 * Node's ECONNRESET "Client network socket disconnected before secure TLS connection was
 * established", with the {@code host}, {@code port}, {@code path} and {@code localAddress} of the
 * connect call (null where it had none, as Node leaves them undefined).
 */
public final class DisconnectedError extends NodeError {
  private final String host;
  private final Integer port;
  private final String path;
  private final String localAddress;

  DisconnectedError(ConnectTarget target) {
    super("ECONNRESET", "Client network socket disconnected before secure TLS connection was established");
    this.host = target == null ? null : target.host();
    this.port = target == null ? null : target.port();
    this.path = target == null ? null : target.path();
    this.localAddress = target == null ? null : target.localAddress();
  }

  public String host() {
    return host;
  }

  public Integer port() {
    return port;
  }

  public String path() {
    return path;
  }

  public String localAddress() {
    return localAddress;
  }
}

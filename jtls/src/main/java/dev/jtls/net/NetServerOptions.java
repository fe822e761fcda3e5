package dev.jtls.net;

/** Node's options for {@code net.createServer}. Fluent: every setter returns this. */
public class NetServerOptions {
  private boolean allowHalfOpen;
  private boolean pauseOnConnect;
  private boolean noDelay;
  private boolean keepAlive;
  private long keepAliveInitialDelay;
  private EventLoop loop;

  /** Accepted sockets keep their writable side open after the peer ended (default false). */
  public NetServerOptions allowHalfOpen(boolean value) {
    this.allowHalfOpen = value;
    return this;
  }

  public boolean allowHalfOpen() {
    return allowHalfOpen;
  }

  /** Accepted sockets start paused: nothing is read until {@code socket.resume()}. */
  public NetServerOptions pauseOnConnect(boolean value) {
    this.pauseOnConnect = value;
    return this;
  }

  public boolean pauseOnConnect() {
    return pauseOnConnect;
  }

  /** Disable Nagle's algorithm on accepted sockets. */
  public NetServerOptions noDelay(boolean value) {
    this.noDelay = value;
    return this;
  }

  public boolean noDelay() {
    return noDelay;
  }

  /** Enable TCP keep-alive on accepted sockets. */
  public NetServerOptions keepAlive(boolean value) {
    this.keepAlive = value;
    return this;
  }

  public boolean keepAlive() {
    return keepAlive;
  }

  /** Idle time in milliseconds before the first keep-alive probe (0: the system default). */
  public NetServerOptions keepAliveInitialDelay(long value) {
    this.keepAliveInitialDelay = value;
    return this;
  }

  public long keepAliveInitialDelay() {
    return keepAliveInitialDelay;
  }

  /** The event loop the server and its connections live on (default {@link EventLoop#defaultLoop()}). */
  public NetServerOptions loop(EventLoop value) {
    this.loop = value;
    return this;
  }

  public EventLoop loop() {
    return loop;
  }
}

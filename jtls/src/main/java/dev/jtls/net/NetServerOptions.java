package dev.jtls.net;

/** Node's options for {@code net.createServer}. Fluent: every setter returns this. */
public class NetServerOptions {
  private boolean allowHalfOpen;
  private boolean pauseOnConnect;
  private boolean noDelay;
  private boolean keepAlive;
  private long keepAliveInitialDelay;
  private EventLoop loop;
  private EventLoopGroup loops;
  private boolean reusePort = Boolean.getBoolean("jtls.server.reusePort");

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

  /**
   * The event loop the server and its connections live on (default {@link EventLoop#defaultLoop()});
   * with {@link #loops(EventLoopGroup)}, the loop of the server's own events and of its accepting.
   */
  public NetServerOptions loop(EventLoop value) {
    this.loop = value;
    return this;
  }

  public EventLoop loop() {
    return loop;
  }

  /**
   * Spreads accepted connections over the loops of {@code value} (default none: every connection
   * on the server's one loop, as in Node). Each connection stays on the loop it was given for its
   * whole life. The server's own events ('listening', 'close', 'error') run on {@link #loop()} if
   * set, else on the group's first loop; 'connection' (and a TLS server's 'secureConnection',
   * 'tlsClientError', 'keylog') run on the connection's loop, so listeners of such a server run on
   * several threads at once.
   */
  public NetServerOptions loops(EventLoopGroup value) {
    this.loops = value;
    return this;
  }

  /** As {@link #loops(EventLoopGroup)} with a new group of {@code count} loops. */
  public NetServerOptions loops(int count) {
    return loops(EventLoopGroup.create(count));
  }

  public EventLoopGroup loops() {
    return loops;
  }

  /**
   * How a TCP server over a group accepts: true gives each loop a listening socket of its own on
   * the same port (SO_REUSEPORT, the kernel balances), false has the server's loop accept and hand
   * each connection to the group's next loop. Internal switch for measuring the two; the default
   * comes from the system property {@code jtls.server.reusePort}.
   */
  NetServerOptions reusePort(boolean value) {
    this.reusePort = value;
    return this;
  }

  boolean reusePort() {
    return reusePort;
  }
}

package dev.jtls.net;

/**
 * Node's options for {@code net.connect} / {@code new net.Socket()} + {@code socket.connect}.
 * Fluent: every setter returns this.
 */
public class NetConnectOptions {
  private String host = "localhost";
  private int port = -1;
  private String path;
  private String localAddress;
  private int localPort;
  private long timeout;
  private boolean allowHalfOpen;
  private boolean noDelay;
  private boolean keepAlive;
  private long keepAliveInitialDelay;
  private OnRead onread;
  private LookupFunction lookup;
  private EventLoop loop;

  /** Host to connect to, a name or an IP literal (default {@code localhost}). */
  public NetConnectOptions host(String value) {
    this.host = value;
    return this;
  }

  public String host() {
    return host;
  }

  /** TCP port, 0..65535. Required for TCP. */
  public NetConnectOptions port(int value) {
    this.port = value;
    return this;
  }

  public int port() {
    return port;
  }

  /** Path of a Unix-domain socket; when set, host and port are ignored. */
  public NetConnectOptions path(String value) {
    this.path = value;
    return this;
  }

  public String path() {
    return path;
  }

  /** Local address to bind to before connecting. */
  public NetConnectOptions localAddress(String value) {
    this.localAddress = value;
    return this;
  }

  public String localAddress() {
    return localAddress;
  }

  /** Local port to bind to before connecting (0: any). */
  public NetConnectOptions localPort(int value) {
    this.localPort = value;
    return this;
  }

  public int localPort() {
    return localPort;
  }

  /** Inactivity timeout in milliseconds, as {@code socket.setTimeout(timeout)}; 0 disables. */
  public NetConnectOptions timeout(long value) {
    this.timeout = value;
    return this;
  }

  public long timeout() {
    return timeout;
  }

  /** Keep the writable side open after the peer ended (default false: end it automatically). */
  public NetConnectOptions allowHalfOpen(boolean value) {
    this.allowHalfOpen = value;
    return this;
  }

  public boolean allowHalfOpen() {
    return allowHalfOpen;
  }

  /** Disable Nagle's algorithm once connected. */
  public NetConnectOptions noDelay(boolean value) {
    this.noDelay = value;
    return this;
  }

  public boolean noDelay() {
    return noDelay;
  }

  /** Enable TCP keep-alive once connected. */
  public NetConnectOptions keepAlive(boolean value) {
    this.keepAlive = value;
    return this;
  }

  public boolean keepAlive() {
    return keepAlive;
  }

  /** Idle time in milliseconds before the first keep-alive probe (0: the system default). */
  public NetConnectOptions keepAliveInitialDelay(long value) {
    this.keepAliveInitialDelay = value;
    return this;
  }

  public long keepAliveInitialDelay() {
    return keepAliveInitialDelay;
  }

  /** Node's {@code onread}: hand reads to {@code value} from the loop's buffer instead of 'data' events. */
  public NetConnectOptions onread(OnRead value) {
    this.onread = value;
    return this;
  }

  public OnRead onread() {
    return onread;
  }

  /** Node's {@code lookup}: resolves the host instead of the system resolver (not called for an IP literal). */
  public NetConnectOptions lookup(LookupFunction value) {
    this.lookup = value;
    return this;
  }

  public LookupFunction lookup() {
    return lookup;
  }

  /** The event loop the socket lives on (default {@link EventLoop#defaultLoop()}). */
  public NetConnectOptions loop(EventLoop value) {
    this.loop = value;
    return this;
  }

  public EventLoop loop() {
    return loop;
  }
}

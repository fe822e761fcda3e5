package dev.jtls.net;

import dev.jtls.events.Event;
import dev.jtls.events.NodeError;
import dev.jtls.stream.Duplex;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.function.Consumer;
import jdk.net.ExtendedSocketOptions;

/**
 * Node's {@code net.Socket}: a TCP or Unix-domain connection as a {@link Duplex}, on one event
 * loop. Reads come from one direct buffer per loop; each becomes a {@link #DATA} chunk, or is
 * handed to the {@link OnRead} callback without a copy. Writes go to the channel at once and
 * what the kernel does not take waits for the socket to become writable.
 *
 * <p>Events, in Node's order: {@link #CONNECT}, {@link #READY}, then data..., {@link #END},
 * {@link #FINISH}, {@link #CLOSE}; on failure {@link #ERROR} then {@link #CLOSE} with true.
 * Every event runs on the socket's loop; methods called from another thread hop onto it.
 */
public class NetSocket extends Duplex {
  /** {@code 'connect'}: the connection is established (not emitted for accepted sockets). */
  public static final Event<Void> CONNECT = Event.of("connect");
  /** {@code 'ready'}: the socket may be used; right after {@link #CONNECT}. */
  public static final Event<Void> READY = Event.of("ready");
  /** {@code 'timeout'}: no I/O for the time set with {@link #setTimeout}; the socket stays open. */
  public static final Event<Void> TIMEOUT = Event.of("timeout");

  private static final Object READ_BUFFER = new Object();
  private static final int READ_BUFFER_SIZE = 64 * 1024;
  /** Reads per readiness event, so one busy socket cannot starve the others on its loop. */
  private static final int READS_PER_EVENT = 16;

  private SocketChannel channel;
  private SelectionKey key;
  private final EventLoop.IoHandler handler = this::ready;
  private boolean unix;
  private boolean ipv6;
  private boolean connecting;
  private boolean reading;
  private boolean readEnded;
  private OnRead onread;

  // connect attempts
  private List<InetAddress> candidates;
  private int candidate;
  private int connectPort;
  private NetConnectOptions connectOptions;

  // the write in progress (Duplex runs one at a time)
  private ByteBuffer[] out;
  private long outRemaining;
  private long outBytes;
  private Consumer<Throwable> outDone;
  private Consumer<Throwable> pendingFinal;

  private boolean noDelay;
  private boolean keepAlive;
  private long keepAliveInitialDelay;

  private final HandleRef handleRef = new HandleRef(loop());
  private Timer timeout;

  private long bytesRead;
  private long bytesDispatched;
  private AddressInfo peer;
  private volatile NetServer server;

  /** An unconnected socket; {@link #connect(NetConnectOptions)} starts connecting. */
  public NetSocket(EventLoop loop, NetConnectOptions options) {
    super(loopOf(loop, options), options != null && options.allowHalfOpen());
    if (options != null) {
      this.onread = options.onread();
      this.noDelay = options.noDelay();
      this.keepAlive = options.keepAlive();
      this.keepAliveInitialDelay = options.keepAliveInitialDelay();
    }
  }

  /** An accepted connection of a server on {@code loop}; runs on that loop. */
  NetSocket(EventLoop loop, SocketChannel accepted, NetServerOptions options, boolean ipv6Server, boolean unix)
      throws IOException {
    super(loop, options.allowHalfOpen());
    this.channel = accepted;
    this.unix = unix;
    this.ipv6 = ipv6Server;
    this.noDelay = options.noDelay();
    this.keepAlive = options.keepAlive();
    this.keepAliveInitialDelay = options.keepAliveInitialDelay();
    accepted.configureBlocking(false);
    applySocketOptions();
    key = loop.register(accepted, 0, handler);
    if (options.pauseOnConnect()) {
      pause();
    } else {
      startReading();
    }
  }

  private static EventLoop loopOf(EventLoop loop, NetConnectOptions options) {
    if (loop != null) {
      return loop;
    }
    return options != null && options.loop() != null ? options.loop() : EventLoop.defaultLoop();
  }

  // ---------------------------------------------------------------- connecting

  /** Connects as {@code options} say (path, or host and port); 'connect' follows. */
  public NetSocket connect(NetConnectOptions options) {
    if (options.path() == null) {
      if (options.port() == -1) {
        throw new NodeError("ERR_MISSING_ARGS", "The \"options\" or \"port\" or \"path\" argument must be specified");
      }
      Addresses.validatePort(options.port(), "Port");
      Addresses.validatePort(options.localPort(), "options.localPort");
      if (options.localAddress() != null && Addresses.literal(options.localAddress()) == null) {
        throw new NodeError("ERR_INVALID_IP_ADDRESS", "Invalid IP address: " + options.localAddress());
      }
    }
    if (options.timeout() > 0) {
      setTimeout(options.timeout());
    }
    onLoop(() -> startConnect(options));
    return this;
  }

  /** Connects to {@code host}:{@code port}; {@code connectListener} (may be null) runs on 'connect'. */
  public NetSocket connect(int port, String host, Runnable connectListener) {
    NetConnectOptions options = new NetConnectOptions().port(port);
    if (host != null) {
      options.host(host);
    }
    return connect(options, connectListener);
  }

  /** Connects to the Unix-domain socket at {@code path}; {@code connectListener} (may be null) runs on 'connect'. */
  public NetSocket connect(String path, Runnable connectListener) {
    return connect(new NetConnectOptions().path(path), connectListener);
  }

  /** Connects and adds {@code connectListener} (may be null) for 'connect'. */
  public NetSocket connect(NetConnectOptions options, Runnable connectListener) {
    if (connectListener != null) {
      onLoop(() -> once(CONNECT, connectListener));
    }
    return connect(options);
  }

  private void startConnect(NetConnectOptions options) {
    if (destroyed()) {
      return;
    }
    if (connecting || channel != null) {
      throw new IllegalStateException("socket is already connecting or connected");
    }
    connectOptions = options;
    connecting = true;
    handleRef.active(true);
    if (options.path() != null) {
      connectUnix(options.path());
      return;
    }
    connectPort = options.port();
    Lookup.resolve(loop(), options.host(), connectPort, options.lookup(), (addresses, error) -> {
      if (destroyed()) {
        return;
      }
      if (error != null) {
        destroy(error);
        return;
      }
      candidates = addresses;
      candidate = 0;
      tryCandidate();
    });
  }

  private void connectUnix(String path) {
    unix = true;
    try {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.configureBlocking(false);
      boolean done = channel.connect(UnixDomainSocketAddress.of(path));
      key = loop().register(channel, done ? 0 : SelectionKey.OP_CONNECT, handler);
      if (done) {
        connectedLater();
      }
    } catch (IOException e) {
      destroy(SystemError.from(e, "connect", path, -1));
    }
  }

  /** Tries the next resolved address; Node tries them in order until one connects. */
  private void tryCandidate() {
    InetAddress address = candidates.get(candidate);
    ipv6 = address instanceof Inet6Address;
    try {
      channel = SocketChannel.open(ipv6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
      channel.configureBlocking(false);
      bindLocal();
      boolean done = channel.connect(new InetSocketAddress(address, connectPort));
      key = loop().register(channel, done ? 0 : SelectionKey.OP_CONNECT, handler);
      if (done) {
        connectedLater();
      }
    } catch (SystemError bindFailure) {
      destroy(bindFailure);
    } catch (IOException e) {
      attemptFailed(e);
    } catch (UnsupportedOperationException noSuchFamily) {
      attemptFailed(new SocketException("Address family not supported by protocol"));
    }
  }

  private void bindLocal() throws IOException {
    String localAddress = connectOptions.localAddress();
    int localPort = connectOptions.localPort();
    if (localAddress == null && localPort == 0) {
      return;
    }
    InetAddress local = localAddress == null ? null : Addresses.literal(localAddress);
    try {
      channel.bind(local == null ? new InetSocketAddress(localPort) : new InetSocketAddress(local, localPort));
    } catch (IOException e) {
      throw SystemError.from(e, "bind", localAddress, localPort);
    }
  }

  private void attemptFailed(IOException e) {
    InetAddress address = candidates.get(candidate);
    closeChannel();
    if (++candidate < candidates.size()) {
      tryCandidate();
    } else {
      destroy(SystemError.from(e, "connect", Addresses.text(address), connectPort));
    }
  }

  private void finishConnect() {
    try {
      if (channel.finishConnect()) {
        connected();
      }
    } catch (IOException e) {
      if (unix) {
        destroy(SystemError.from(e, "connect", connectOptions.path(), -1));
      } else {
        attemptFailed(e);
      }
    }
  }

  /** A connect that finished at once still reports 'connect' asynchronously, as in Node. */
  private void connectedLater() {
    loop().execute(() -> {
      if (!destroyed()) {
        connected();
      }
    });
  }

  private void connected() {
    connecting = false;
    try {
      applySocketOptions();
    } catch (IOException e) {
      destroy(SystemError.from(e, "setsockopt", null, -1));
      return;
    }
    updateInterest();
    refreshTimeout();
    emit(CONNECT);
    emit(READY);
    if (destroyed()) {
      return;
    }
    if (out != null) {
      flush();
    }
    if (pendingFinal != null) {
      Consumer<Throwable> done = pendingFinal;
      pendingFinal = null;
      _final(done);
    }
    if (!destroyed() && !isPaused()) {
      if (onread != null) {
        resume(); // flowing, so that end of stream is still announced with 'end'
      }
      startReading();
    }
  }

  private void applySocketOptions() throws IOException {
    if (unix) {
      return;
    }
    if (noDelay) {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }
    if (keepAlive) {
      channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
      if (keepAliveInitialDelay >= 1000) {
        channel.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, (int) (keepAliveInitialDelay / 1000));
      }
    }
  }

  // ---------------------------------------------------------------- I/O readiness

  private void ready(SelectionKey selected) {
    int ops = selected.readyOps();
    if (connecting) {
      if ((ops & SelectionKey.OP_CONNECT) != 0) {
        finishConnect();
      }
      return;
    }
    if ((ops & SelectionKey.OP_WRITE) != 0 && out != null) {
      flush();
    }
    if ((ops & SelectionKey.OP_READ) != 0 && reading && !destroyed()) {
      doRead();
    }
  }

  /**
   * Selects what the channel waits for, and whether the socket keeps its loop alive: as a libuv
   * handle keeps Node's, while it connects, reads (until EOF or a pause) or has a write in
   * progress, not merely while it is open.
   */
  private void updateInterest() {
    handleRef.active(!destroyed() && (connecting || reading || out != null));
    if (key == null || !key.isValid()) {
      return;
    }
    int ops;
    if (connecting) {
      ops = SelectionKey.OP_CONNECT;
    } else {
      ops = (reading ? SelectionKey.OP_READ : 0) | (out != null ? SelectionKey.OP_WRITE : 0);
    }
    if (key.interestOps() != ops) {
      key.interestOps(ops);
    }
  }

  // ---------------------------------------------------------------- reading

  private void doRead() {
    ByteBuffer buffer = loop().local(READ_BUFFER, () -> ByteBuffer.allocateDirect(READ_BUFFER_SIZE));
    for (int i = 0; i < READS_PER_EVENT && reading && !destroyed(); i++) {
      buffer.clear();
      int n;
      try {
        n = channel.read(buffer);
      } catch (IOException e) {
        destroy(SystemError.from(e, "read", null, -1));
        return;
      }
      if (n == 0) {
        return;
      }
      if (n < 0) {
        readEnded = true;
        stopReading();
        pushEndAndRead();
        return;
      }
      bytesRead += n;
      refreshTimeout();
      buffer.flip();
      boolean more;
      if (onread != null) {
        more = onread.onRead(buffer);
      } else {
        byte[] chunk = new byte[n];
        buffer.get(chunk);
        more = push(chunk);
      }
      if (!more) {
        stopReading();
        return;
      }
      if (n < buffer.capacity()) {
        return;
      }
    }
  }

  private void startReading() {
    if (!reading && !readEnded && !connecting && channel != null && !destroyed()) {
      reading = true;
      updateInterest();
    }
  }

  private void stopReading() {
    if (reading) {
      reading = false;
      updateInterest();
    }
  }

  @Override
  protected void _read() {
    startReading();
  }

  /**
   * Sets Node's {@code onread} on this socket (an accepted one, typically): from now on each read
   * goes to {@code callback} instead of becoming a 'data' event. End of stream is still 'end'.
   */
  public NetSocket setOnread(OnRead callback) {
    onLoop(() -> {
      onread = callback;
      if (callback != null && !isPaused()) {
        resume();
      }
    });
    return this;
  }

  /** Stops reading; with {@code onread} the socket stops asking the kernel for data at once. */
  @Override
  public NetSocket pause() {
    onLoop(() -> {
      super.pause();
      if (onread != null) {
        stopReading();
      }
    });
    return this;
  }

  /** Resumes reading after {@link #pause()} or after the {@code onread} callback returned false. */
  @Override
  public NetSocket resume() {
    onLoop(() -> {
      super.resume();
      if (onread != null) {
        startReading();
      }
    });
    return this;
  }

  // ---------------------------------------------------------------- writing

  @Override
  protected boolean hasWritev() {
    return true;
  }

  @Override
  protected void _write(byte[] chunk, Consumer<Throwable> done) {
    startWrite(new ByteBuffer[] {ByteBuffer.wrap(chunk)}, chunk.length, done);
  }

  @Override
  protected void _writev(List<byte[]> chunks, Consumer<Throwable> done) {
    ByteBuffer[] buffers = new ByteBuffer[chunks.size()];
    long total = 0;
    for (int i = 0; i < buffers.length; i++) {
      buffers[i] = ByteBuffer.wrap(chunks.get(i));
      total += buffers[i].remaining();
    }
    startWrite(buffers, total, done);
  }

  private void startWrite(ByteBuffer[] buffers, long bytes, Consumer<Throwable> done) {
    startWrite(buffers, bytes, bytes, done);
  }

  /**
   * Starts a write of which {@code remaining} bytes are still to be sent, out of the {@code bytes}
   * the Duplex counts for it (more when the kernel took part of it at once): bytesWritten counts
   * the whole write from now on, and writableLength until it completes.
   */
  private void startWrite(ByteBuffer[] buffers, long remaining, long bytes, Consumer<Throwable> done) {
    out = buffers;
    outRemaining = remaining;
    outBytes = bytes;
    outDone = done;
    bytesDispatched += bytes;
    if (channel != null && !connecting) {
      flush();
    }
  }

  /** Writes as much of the current write as the kernel takes; the rest waits for OP_WRITE. */
  private void flush() {
    try {
      long n = channel.write(out);
      outRemaining -= n;
      if (n > 0) {
        refreshTimeout();
      }
    } catch (IOException e) {
      completeWrite(SystemError.from(e, "write", null, -1));
      return;
    }
    if (outRemaining == 0) {
      completeWrite(null);
    } else {
      updateInterest();
    }
  }

  private void completeWrite(Throwable error) {
    Consumer<Throwable> done = outDone;
    out = null;
    outDone = null;
    updateInterest();
    done.accept(error);
  }

  /**
   * A buffer written while nothing is queued goes straight from the caller's memory to the kernel
   * when the socket is connected; only what the kernel does not take is copied, and waits as a
   * queued write does.
   */
  @Override
  protected void _writeBuffer(ByteBuffer buffer, Consumer<Throwable> done) {
    int length = buffer.remaining();
    if (channel != null && !connecting) {
      try {
        if (channel.write(buffer) > 0) {
          refreshTimeout();
        }
      } catch (IOException e) {
        buffer.position(buffer.limit());
        done.accept(SystemError.from(e, "write", null, -1));
        return;
      }
      if (!buffer.hasRemaining()) {
        bytesDispatched += length;
        done.accept(null);
        return;
      }
    }
    byte[] rest = new byte[buffer.remaining()];
    buffer.get(rest);
    startWrite(new ByteBuffer[] {ByteBuffer.wrap(rest)}, rest.length, length, done);
  }

  @Override
  protected void _final(Consumer<Throwable> done) {
    if (connecting) {
      pendingFinal = done;
      return;
    }
    if (channel == null || !channel.isOpen()) {
      done.accept(null);
      return;
    }
    try {
      channel.shutdownOutput();
    } catch (IOException e) {
      SystemError error = SystemError.from(e, "shutdown", null, -1);
      // Node ignores a shutdown on a connection the peer already dropped
      done.accept("ENOTCONN".equals(error.code()) ? null : error);
      return;
    }
    done.accept(null);
  }

  @Override
  protected void _destroy(Throwable error, Consumer<Throwable> done) {
    connecting = false;
    reading = false;
    out = null;
    outDone = null;
    pendingFinal = null;
    if (timeout != null) {
      timeout.cancel();
      timeout = null;
    }
    closeChannel();
    handleRef.active(false);
    done.accept(error);
  }

  private void closeChannel() {
    if (key != null) {
      key.cancel();
      key = null;
    }
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // the descriptor is released either way; Node reports nothing for a failed close
      }
      channel = null;
    }
  }

  // ---------------------------------------------------------------- timeouts and options

  /** Node's {@code socket.setTimeout(ms)}: emit {@link #TIMEOUT} after {@code ms} without I/O; 0 disables. */
  public NetSocket setTimeout(long ms) {
    return setTimeout(ms, null);
  }

  /** As {@link #setTimeout(long)}, adding {@code callback} as a one-time 'timeout' listener (removing it for 0). */
  public NetSocket setTimeout(long ms, Runnable callback) {
    if (ms < 0) {
      throw NodeError.outOfRange("msecs", ">= 0 and <= 2147483647", ms);
    }
    onLoop(() -> {
      if (timeout != null) {
        timeout.cancel();
        timeout = null;
      }
      if (ms == 0) {
        if (callback != null) {
          off(TIMEOUT, callback);
        }
        return;
      }
      if (destroyed()) {
        return;
      }
      timeout = loop().setTimeout(this::onTimeout, ms).unref();
      if (callback != null) {
        once(TIMEOUT, callback);
      }
    });
    return this;
  }

  private void onTimeout() {
    if (!destroyed()) {
      emit(TIMEOUT);
    }
  }

  private void refreshTimeout() {
    if (timeout != null) {
      timeout.refresh();
    }
  }

  /** Node's {@code socket.setNoDelay([noDelay])}: disables Nagle's algorithm (TCP only). */
  public NetSocket setNoDelay(boolean enable) {
    onLoop(() -> {
      noDelay = enable;
      if (channel != null && !unix && !connecting && channel.isOpen()) {
        setOption(() -> channel.setOption(StandardSocketOptions.TCP_NODELAY, enable));
      }
    });
    return this;
  }

  public NetSocket setNoDelay() {
    return setNoDelay(true);
  }

  /**
   * Node's {@code socket.setKeepAlive([enable][, initialDelay])}: TCP keep-alive, with the idle
   * time in milliseconds before the first probe (0 keeps the system's).
   */
  public NetSocket setKeepAlive(boolean enable, long initialDelay) {
    onLoop(() -> {
      keepAlive = enable;
      keepAliveInitialDelay = initialDelay;
      if (channel != null && !unix && !connecting && channel.isOpen()) {
        setOption(() -> {
          channel.setOption(StandardSocketOptions.SO_KEEPALIVE, enable);
          if (enable && initialDelay >= 1000) {
            channel.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, (int) (initialDelay / 1000));
          }
        });
      }
    });
    return this;
  }

  public NetSocket setKeepAlive(boolean enable) {
    return setKeepAlive(enable, 0);
  }

  private interface OptionSetter {
    void set() throws IOException;
  }

  private void setOption(OptionSetter setter) {
    try {
      setter.set();
    } catch (IOException e) {
      destroy(SystemError.from(e, "setsockopt", null, -1));
    }
  }

  // ---------------------------------------------------------------- keeping the loop alive

  /** Node's {@code socket.unref()}: this socket alone does not keep its loop (and the JVM) alive. */
  public NetSocket unref() {
    onLoop(() -> handleRef.referenced(false));
    return this;
  }

  /** Node's {@code socket.ref()}: undoes {@link #unref()}. */
  public NetSocket ref() {
    onLoop(() -> handleRef.referenced(true));
    return this;
  }

  // ---------------------------------------------------------------- properties (loop thread)

  /** Node's {@code socket.address()}: the local address, or null when closed or a Unix-domain socket. */
  public AddressInfo address() {
    if (channel == null || unix || !channel.isOpen() || connecting) {
      return null;
    }
    try {
      return Addresses.info(channel.getLocalAddress(), ipv6);
    } catch (IOException e) {
      return null;
    }
  }

  /** Node's {@code socket.localAddress}, or null. */
  public String localAddress() {
    AddressInfo a = address();
    return a == null ? null : a.address();
  }

  /** Node's {@code socket.localPort}, or -1 when there is none. */
  public int localPort() {
    AddressInfo a = address();
    return a == null ? -1 : a.port();
  }

  /**
   * The peer's address. As in Node, it is remembered once read, so it stays readable after the
   * socket closed if it was read while connected.
   */
  private AddressInfo peer() {
    if (peer == null && channel != null && !unix && !connecting && channel.isOpen()) {
      try {
        peer = Addresses.info(channel.getRemoteAddress(), ipv6);
      } catch (IOException e) {
        return null;
      }
    }
    return peer;
  }

  /** Node's {@code socket.remoteAddress}, or null. */
  public String remoteAddress() {
    AddressInfo p = peer();
    return p == null ? null : p.address();
  }

  /** Node's {@code socket.remotePort}, or -1 when there is none. */
  public int remotePort() {
    AddressInfo p = peer();
    return p == null ? -1 : p.port();
  }

  /** Node's {@code socket.remoteFamily}: {@code IPv4} or {@code IPv6}, or null. */
  public String remoteFamily() {
    AddressInfo p = peer();
    return p == null ? null : p.family();
  }

  /** Node's {@code socket.bytesRead}. */
  public long bytesRead() {
    return bytesRead;
  }

  /**
   * Node's deprecated {@code socket.bufferSize}: {@link #writableLength()} while the socket has a
   * handle (connect was called, or it was accepted, and it is not destroyed); null (Node's undefined) otherwise.
   */
  public Long bufferSize() {
    return channel == null || destroyed() ? null : writableLength();
  }

  /** Node's {@code socket.bytesWritten}: bytes handed to the kernel or waiting to be. */
  public long bytesWritten() {
    // writableLength still counts the write in progress, which is already in bytesDispatched
    return bytesDispatched + writableLength() - (out == null ? 0 : outBytes);
  }

  /** Node's {@code socket.connecting}: connect was called and has not finished. */
  public boolean connecting() {
    return connecting;
  }

  /** Node's {@code socket.pending}: not connected yet (connect not called, or still connecting). */
  public boolean pending() {
    return channel == null || connecting;
  }

  /** Node's {@code socket.server}: the server that accepted this socket; null for a client socket. */
  public NetServer server() {
    return server;
  }

  /** Set by the accepting server before it reports the socket. */
  void acceptedBy(NetServer acceptingServer) {
    server = acceptingServer;
  }

  /** Node's {@code socket.readyState}: opening, open, readOnly, writeOnly or closed. */
  public String readyState() {
    if (connecting) {
      return "opening";
    }
    boolean readable = !destroyed() && !readableEnded();
    boolean writable = !destroyed() && !writableEnded();
    if (readable && writable) {
      return "open";
    }
    if (readable) {
      return "readOnly";
    }
    return writable ? "writeOnly" : "closed";
  }
}

package dev.jtls.net;

import dev.jtls.events.Event;
import dev.jtls.events.EventEmitter;
import dev.jtls.events.NodeError;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Node's {@code net.Server}: accepts TCP or Unix-domain connections on one event loop. Every
 * accepted socket lives on the server's loop and goes through {@link #connectionAccepted}, which
 * emits {@link #CONNECTION}; the TLS server overrides it to wrap the socket first.
 *
 * <p>With {@link NetServerOptions#loops(EventLoopGroup)} the connections are spread over a group of
 * loops instead (see there); {@link #close()}, {@link #getConnections}, {@link #maxConnections(int)}
 * and the events work across them.
 *
 * <p>{@link #address()} is the TCP address; for a Unix-domain server, where Node's
 * {@code server.address()} returns the path string, it is null and {@link #path()} gives the path.
 */
public class NetServer extends EventEmitter implements AutoCloseable {
  /** {@code 'listening'}: the server is bound and accepting. */
  public static final Event<Void> LISTENING = Event.of("listening");
  /** {@code 'connection'}: a new connection was accepted. */
  public static final Event<NetSocket> CONNECTION = Event.of("connection", NetSocket.class);
  /** {@code 'close'}: the server was closed and every connection it accepted has closed. */
  public static final Event<Void> CLOSE = Event.of("close");
  /**
   * {@code 'drop'}: a connection was closed at once because {@link #maxConnections(int)} were open;
   * null for a Unix-domain server. Emitted on the server's loop.
   */
  public static final Event<DroppedConnection> DROP = Event.of("drop", DroppedConnection.class);

  /** Node's default backlog. */
  private static final int DEFAULT_BACKLOG = 511;
  /** Accepts per readiness event, so a flood of connections cannot starve the loop's other work. */
  private static final int ACCEPTS_PER_EVENT = 64;

  private final EventLoop loop;
  private final NetServerOptions options;
  private final EventLoopGroup group;
  /** Open connections, counted from their accept (before a hand-off) to their 'close'; any loop. */
  private final AtomicInteger connectionCount = new AtomicInteger();
  private volatile int maxConnections = Integer.MAX_VALUE;
  /** close() was called and its 'close' is not emitted yet. Server loop only. */
  private boolean closeRequested;
  private SiblingListeners siblings;
  /** Node's ref()/unref() state, for sibling listeners opened after an unref(). Server loop only. */
  private boolean referenced = true;
  private volatile ServerSocketChannel channel;
  private volatile boolean listenCalled;
  private SelectionKey key;
  private boolean ipv6;
  private Path unixPath;
  private final HandleRef handleRef;

  protected NetServer(EventLoop loop, NetServerOptions options) {
    NetServerOptions o = options == null ? new NetServerOptions() : options;
    this.group = o.loops();
    this.loop = loop != null ? loop : o.loop() != null ? o.loop() : group != null ? group.loops().get(0) : EventLoop.defaultLoop();
    this.options = o;
    this.handleRef = new HandleRef(this.loop);
  }

  /** The loop this server runs on, and its connections unless it spreads them over a group. */
  public final EventLoop loop() {
    return loop;
  }

  /** The options accepted sockets are created with. */
  protected final NetServerOptions options() {
    return options;
  }

  /** Node's {@code server.allowHalfOpen}: the option accepted sockets are created with. */
  public boolean allowHalfOpen() {
    return options.allowHalfOpen();
  }

  /** Node's {@code server.pauseOnConnect}: whether accepted sockets start paused. */
  public boolean pauseOnConnect() {
    return options.pauseOnConnect();
  }

  // ---------------------------------------------------------------- listening

  /** Listens on {@code port} (0: any free port) on every address, dual-stack where IPv6 is available. */
  public NetServer listen(int port) {
    return listen(port, null, DEFAULT_BACKLOG, null);
  }

  public NetServer listen(int port, Runnable listeningListener) {
    return listen(port, null, DEFAULT_BACKLOG, listeningListener);
  }

  /** Listens on {@code host} (a name or an IP literal; null: every address) and {@code port}. */
  public NetServer listen(int port, String host) {
    return listen(port, host, DEFAULT_BACKLOG, null);
  }

  public NetServer listen(int port, String host, Runnable listeningListener) {
    return listen(port, host, DEFAULT_BACKLOG, listeningListener);
  }

  public NetServer listen(int port, String host, int backlog) {
    return listen(port, host, backlog, null);
  }

  /**
   * Listens on {@code host}:{@code port} with {@code backlog}; {@code listeningListener} (may be
   * null) is added for 'listening'. Failures (EADDRINUSE, EACCES, ...) are emitted as 'error'.
   */
  public NetServer listen(int port, String host, int backlog, Runnable listeningListener) {
    Addresses.validatePort(port, "options.port");
    claimListen(listeningListener);
    loop.run(() -> {
      if (host == null) {
        bindWildcard(port, backlog);
      } else {
        Lookup.resolve(loop, host, (addresses, error) -> {
          if (error != null) {
            failListen(error);
          } else {
            bindTcp(addresses.get(0), port, backlog);
          }
        });
      }
    });
    return this;
  }

  /** Listens on the Unix-domain socket {@code path}; an existing file there fails with EADDRINUSE. */
  public NetServer listen(String path) {
    return listen(path, null);
  }

  public NetServer listen(String path, Runnable listeningListener) {
    Objects.requireNonNull(path, "path");
    claimListen(listeningListener);
    loop.run(() -> {
      try {
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
          ch.bind(UnixDomainSocketAddress.of(path), DEFAULT_BACKLOG);
        } catch (IOException e) {
          ch.close();
          throw e;
        }
        unixPath = Path.of(path);
        listening(ch);
      } catch (IOException e) {
        failListen(SystemError.withDescription(SystemError.codeOf(e), "listen", path, -1, e));
      }
    });
    return this;
  }

  /**
   * {@link #listen(int, String)} as a future: completes at 'listening', or fails with what listen
   * throws or emits as 'error' (EADDRINUSE, EACCES, ENOTFOUND, ...), which then goes to this
   * future alone. It completes on the server's loop.
   */
  public CompletableFuture<Void> listenAsync(int port, String host) {
    return listening(() -> listen(port, host));
  }

  /** {@link #listenAsync(int, String)} on every address. */
  public CompletableFuture<Void> listenAsync(int port) {
    return listenAsync(port, null);
  }

  /** {@link #listen(String)} (a Unix-domain socket) as a future, as {@link #listenAsync(int, String)}. */
  public CompletableFuture<Void> listenAsync(String path) {
    return listening(() -> listen(path));
  }

  /** Runs {@code listen} with a {@link ListenWaiter} registered on the loop before it. */
  private CompletableFuture<Void> listening(Runnable listen) {
    ListenWaiter waiter = new ListenWaiter();
    loop.run(waiter::register);
    try {
      listen.run();
    } catch (RuntimeException e) {
      loop.run(waiter::unregister);
      waiter.result.completeExceptionally(e);
    }
    return waiter.result;
  }

  /**
   * A one-time pair of 'listening' and 'error' listeners: the first to fire settles the future and
   * removes the other, so later errors (of accept) are emitted as usual.
   */
  private final class ListenWaiter {
    final CompletableFuture<Void> result = new CompletableFuture<>();
    final Runnable onListening = this::listening;
    final Consumer<Throwable> onError = this::failed;

    void register() {
      once(LISTENING, onListening);
      once(ERROR, onError);
    }

    void unregister() {
      off(LISTENING, onListening);
      off(ERROR, onError);
    }

    private void listening() {
      off(ERROR, onError);
      result.complete(null);
    }

    private void failed(Throwable error) {
      off(LISTENING, onListening);
      result.completeExceptionally(error);
    }
  }

  private void claimListen(Runnable listeningListener) {
    if (listenCalled) {
      throw new NodeError("ERR_SERVER_ALREADY_LISTEN", "Listen method has been called more than once without closing.");
    }
    listenCalled = true;
    if (listeningListener != null) {
      loop.run(() -> once(LISTENING, listeningListener));
    }
  }

  /** Node binds '::' (dual stack) when no host is given, and falls back to 0.0.0.0 without IPv6. */
  private void bindWildcard(int port, int backlog) {
    ServerSocketChannel ch;
    try {
      ch = ServerSocketChannel.open(StandardProtocolFamily.INET6);
    } catch (IOException | UnsupportedOperationException noIpv6) {
      bindTcp(InetAddress.ofLiteral("0.0.0.0"), port, backlog);
      return;
    }
    bind(ch, InetAddress.ofLiteral("::"), port, backlog);
  }

  private void bindTcp(InetAddress address, int port, int backlog) {
    ProtocolFamily family = address instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    try {
      bind(ServerSocketChannel.open(family), address, port, backlog);
    } catch (IOException e) {
      failListen(SystemError.withDescription(SystemError.codeOf(e), "listen", Addresses.text(address), port, e));
    }
  }

  private void bind(ServerSocketChannel ch, InetAddress address, int port, int backlog) {
    try {
      if (reusePort()) {
        ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
      }
      ch.bind(new InetSocketAddress(address, port), backlog);
      ipv6 = address instanceof Inet6Address;
      if (reusePort()) {
        siblings = SiblingListeners.bind(this, ch, backlog);
      }
      listening(ch);
      if (siblings != null) {
        siblings.start();
        if (!referenced) {
          siblings.referenced(false);
        }
      }
    } catch (IOException e) {
      if (siblings != null) {
        siblings.close();
        siblings = null;
      }
      try {
        ch.close();
      } catch (IOException ignored) {
        // the bind failure is what gets reported
      }
      failListen(SystemError.withDescription(SystemError.codeOf(e), "listen", Addresses.text(address), port, e));
    }
  }

  private void listening(ServerSocketChannel ch) throws IOException {
    ch.configureBlocking(false);
    key = loop.register(ch, SelectionKey.OP_ACCEPT, selected -> acceptConnections());
    channel = ch;
    handleRef.active(true);
    loop.nextTick(() -> emit(LISTENING));
  }

  private void failListen(SystemError error) {
    listenCalled = false;
    loop.nextTick(() -> emit(ERROR, error));
  }

  // ---------------------------------------------------------------- accepting

  private void acceptConnections() {
    for (int i = 0; i < ACCEPTS_PER_EVENT && channel != null; i++) {
      SocketChannel accepted;
      try {
        accepted = channel.accept();
      } catch (IOException e) {
        emit(ERROR, SystemError.from(e, "accept", null, -1));
        return;
      }
      if (accepted == null) {
        return;
      }
      accepted(accepted, group == null || siblings != null ? loop : group.next());
    }
  }

  /** Whether this server gives each loop of its group a listening socket of its own. */
  private boolean reusePort() {
    return group != null && options.reusePort();
  }

  /**
   * Takes a channel accepted on any of this server's loops: drops it over {@link #maxConnections},
   * else makes it a socket on {@code target} (handing it over when that is another loop).
   */
  void accepted(SocketChannel accepted, EventLoop target) {
    int count;
    do {
      count = connectionCount.get();
      if (count >= maxConnections) {
        drop(accepted);
        return;
      }
    } while (!connectionCount.compareAndSet(count, count + 1));
    if (channel == null) {
      // a sibling listener's accept raced with close(), which may already have seen no connection
      closeQuietly(accepted);
      connectionGone();
      return;
    }
    boolean unix = unixPath != null;
    if (target.inLoop()) {
      adopt(target, accepted, unix);
    } else {
      target.execute(() -> adopt(target, accepted, unix));
    }
  }

  private void drop(SocketChannel accepted) {
    DroppedConnection dropped;
    try {
      dropped = DroppedConnection.of(Addresses.info(accepted.getLocalAddress(), ipv6),
          Addresses.info(accepted.getRemoteAddress(), ipv6));
    } catch (IOException e) {
      dropped = null;
    }
    closeQuietly(accepted);
    DroppedConnection data = dropped;
    loop.run(() -> emit(DROP, data));
  }

  private void adopt(EventLoop target, SocketChannel accepted, boolean unix) {
    NetSocket socket;
    try {
      socket = new NetSocket(target, accepted, options, ipv6, unix);
    } catch (IOException e) {
      closeQuietly(accepted);
      connectionGone();
      return;
    }
    socket.acceptedBy(this);
    socket.once(NetSocket.CLOSE, hadError -> connectionGone());
    connectionAccepted(socket);
  }

  /**
   * Runs {@code action} on the server's loop once every loop that makes this server's connections
   * has run a task queued now, so whatever a connection being made at this moment read from the
   * server (a context about to be freed) has been used by then.
   */
  protected final void afterEveryLoop(Runnable action) {
    if (group == null) {
      loop.execute(action);
      return;
    }
    List<EventLoop> loops = new ArrayList<>(group.loops());
    if (!loops.contains(loop)) {
      loops.add(loop);
    }
    AtomicInteger pending = new AtomicInteger(loops.size());
    for (EventLoop each : loops) {
      each.execute(() -> {
        if (pending.decrementAndGet() == 0) {
          loop.execute(action);
        }
      });
    }
  }

  private void connectionGone() {
    if (connectionCount.decrementAndGet() == 0) {
      loop.run(this::emitCloseIfDrained);
    }
  }

  /** An accept failure on a sibling listener, reported as the server's 'error'. */
  void acceptFailed(IOException e) {
    loop.execute(() -> emit(ERROR, SystemError.from(e, "accept", null, -1)));
  }

  /**
   * Called on the loop for every accepted connection, already connected and reading (unless
   * {@code pauseOnConnect}). The default emits {@link #CONNECTION}.
   */
  protected void connectionAccepted(NetSocket socket) {
    emit(CONNECTION, socket);
  }

  private static void closeQuietly(SocketChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // a connection that failed while being set up is simply dropped
    }
  }

  // ---------------------------------------------------------------- closing

  /**
   * Stops accepting; 'close' follows once every accepted connection has closed. As Node's
   * {@code server.close()} it returns at once; this is also {@link AutoCloseable}'s close, so a
   * try-with-resources block stops the server when it ends ({@link #closeAsync()} to wait for it).
   */
  @Override
  public void close() {
    close((Consumer<Throwable>) null);
  }

  /** As {@link #close()}, running {@code callback} on 'close'. */
  public NetServer close(Runnable callback) {
    return close(callback == null ? null : error -> callback.run());
  }

  /**
   * As {@link #close()}; {@code callback} runs on 'close' with null, or with
   * {@code ERR_SERVER_NOT_RUNNING} when the server was not listening (Node's behaviour).
   */
  public NetServer close(Consumer<Throwable> callback) {
    loop.run(() -> {
      closeRequested = true;
      if (callback != null) {
        if (channel == null) {
          once(CLOSE, () -> callback.accept(new NodeError("ERR_SERVER_NOT_RUNNING", "Server is not running.")));
        } else {
          once(CLOSE, () -> callback.accept(null));
        }
      }
      if (channel != null) {
        key.cancel();
        try {
          channel.close();
        } catch (IOException ignored) {
          // the listening descriptor is released either way
        }
        channel = null;
        key = null;
        listenCalled = false;
        if (siblings != null) {
          siblings.close();
          siblings = null;
        }
        loop.releaseClosedChannels();
        if (unixPath != null) {
          deleteSocketFile(unixPath);
          unixPath = null;
        }
        handleRef.active(false);
      }
      emitCloseIfDrained();
    });
    return this;
  }

  /**
   * {@link #close()} as a future: completes once 'close' was emitted (every connection closed), or
   * fails with {@code ERR_SERVER_NOT_RUNNING} when the server was not listening, as Node's close
   * callback is told. It completes on the server's loop.
   */
  public CompletableFuture<Void> closeAsync() {
    CompletableFuture<Void> closed = new CompletableFuture<>();
    close(error -> {
      if (error == null) {
        closed.complete(null);
      } else {
        closed.completeExceptionally(error);
      }
    });
    return closed;
  }

  /** Like libuv, a Unix-domain server removes its socket file when it closes. */
  private static void deleteSocketFile(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // someone else removed or replaced it; nothing of ours is left to clean
    }
  }

  private void emitCloseIfDrained() {
    if (closeRequested && channel == null && connectionCount.get() == 0) {
      closeRequested = false;
      loop.nextTick(() -> emit(CLOSE));
    }
  }

  // ---------------------------------------------------------------- properties

  /** Whether the server is accepting connections. */
  public boolean listening() {
    return channel != null;
  }

  /** Node's {@code server.address()} for a TCP server; null when not listening or a Unix-domain server. */
  public AddressInfo address() {
    ServerSocketChannel ch = channel;
    if (ch == null || !ch.isOpen()) {
      return null;
    }
    try {
      return Addresses.info(ch.getLocalAddress(), false);
    } catch (IOException e) {
      return null;
    }
  }

  /** The path of a Unix-domain server (Node's {@code server.address()} string), or null. */
  public String path() {
    ServerSocketChannel ch = channel;
    if (ch == null || !ch.isOpen()) {
      return null;
    }
    try {
      return ch.getLocalAddress() instanceof UnixDomainSocketAddress u ? u.getPath().toString() : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The number of open connections this server accepted, on all its loops; any thread. */
  public int connections() {
    return connectionCount.get();
  }

  /**
   * Node's {@code server.getConnections(callback)}: {@code callback} runs on the server's loop with
   * null and the number of open connections on all the server's loops.
   */
  public NetServer getConnections(BiConsumer<Throwable, Integer> callback) {
    Objects.requireNonNull(callback, "callback");
    loop.execute(() -> callback.accept(null, connectionCount.get()));
    return this;
  }

  /**
   * Node's {@code server.maxConnections}: connections accepted while {@code value} are open (on all
   * the server's loops together) are closed at once, each announced by {@link #DROP}. Default: no
   * limit.
   */
  public NetServer maxConnections(int value) {
    maxConnections = value;
    return this;
  }

  public int maxConnections() {
    return maxConnections;
  }

  /** Node's {@code server.unref()}: a listening server alone does not keep the loop alive. */
  public NetServer unref() {
    loop.run(() -> {
      referenced = false;
      handleRef.referenced(false);
      if (siblings != null) {
        siblings.referenced(false);
      }
    });
    return this;
  }

  /** Node's {@code server.ref()}: undoes {@link #unref()}. */
  public NetServer ref() {
    loop.run(() -> {
      referenced = true;
      handleRef.referenced(true);
      if (siblings != null) {
        siblings.referenced(true);
      }
    });
    return this;
  }
}

package dev.jtls.net;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The extra listening sockets of a TCP server over a group in SO_REUSEPORT mode: one per loop of the
 * group other than the server's own, bound to the server's address, so the kernel spreads incoming
 * connections over the loops and each loop accepts its own, with no hand-off between threads.
 */
final class SiblingListeners {
  /** Accepts per readiness event, as the server's own listener. */
  private static final int ACCEPTS_PER_EVENT = 64;

  private final List<Sibling> siblings;

  private SiblingListeners(List<Sibling> siblings) {
    this.siblings = siblings;
  }

  /**
   * Binds a sibling of {@code first} (bound with SO_REUSEPORT) for each other loop of the server's
   * group; {@link #start()} has them accept. On failure none is left open.
   */
  static SiblingListeners bind(NetServer server, ServerSocketChannel first, int backlog) throws IOException {
    SocketAddress address = first.getLocalAddress();
    List<Sibling> siblings = new ArrayList<>();
    try {
      for (EventLoop loop : server.options().loops().loops()) {
        if (loop != server.loop()) {
          ServerSocketChannel ch = ServerSocketChannel.open(family(address));
          siblings.add(new Sibling(server, loop, ch));
          ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
          ch.bind(address, backlog);
        }
      }
    } catch (IOException | RuntimeException e) {
      for (Sibling sibling : siblings) {
        sibling.closeChannel();
      }
      throw e;
    }
    return new SiblingListeners(siblings);
  }

  /** Each sibling starts accepting on its own loop; call once the server itself is listening. */
  void start() {
    for (Sibling sibling : siblings) {
      sibling.loop.execute(sibling::start);
    }
  }

  private static ProtocolFamily family(SocketAddress address) {
    return address instanceof InetSocketAddress a && a.getAddress() instanceof Inet6Address
        ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
  }

  /** Stops accepting on every sibling (each on its own loop). */
  void close() {
    for (Sibling sibling : siblings) {
      sibling.loop.execute(sibling::stop);
    }
  }

  /** Follows the server's ref()/unref(), so an unref'd server keeps no loop alive. */
  void referenced(boolean value) {
    for (Sibling sibling : siblings) {
      sibling.loop.execute(() -> sibling.handleRef.referenced(value));
    }
  }

  private static final class Sibling {
    final NetServer server;
    final EventLoop loop;
    final ServerSocketChannel channel;
    final HandleRef handleRef;
    private SelectionKey key;

    Sibling(NetServer server, EventLoop loop, ServerSocketChannel channel) {
      this.server = server;
      this.loop = loop;
      this.channel = channel;
      this.handleRef = new HandleRef(loop);
    }

    void start() {
      if (!channel.isOpen()) {
        return;
      }
      try {
        channel.configureBlocking(false);
        key = loop.register(channel, SelectionKey.OP_ACCEPT, selected -> acceptConnections());
        handleRef.active(true);
      } catch (IOException e) {
        closeChannel();
        server.acceptFailed(e);
      }
    }

    private void acceptConnections() {
      for (int i = 0; i < ACCEPTS_PER_EVENT && channel.isOpen(); i++) {
        SocketChannel accepted;
        try {
          accepted = channel.accept();
        } catch (IOException e) {
          server.acceptFailed(e);
          return;
        }
        if (accepted == null) {
          return;
        }
        server.accepted(accepted, loop);
      }
    }

    void stop() {
      if (key != null) {
        key.cancel();
        key = null;
      }
      closeChannel();
      handleRef.active(false);
      loop.releaseClosedChannels();
    }

    void closeChannel() {
      try {
        channel.close();
      } catch (IOException ignored) {
        // the listening descriptor is released either way
      }
    }
  }
}

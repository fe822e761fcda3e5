package dev.jtls.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * Node's {@code dns.lookup} for connect and listen: IP literals are used as they are; names are
 * resolved by the system resolver on a helper thread (getaddrinfo blocks), never on a loop.
 */
final class Lookup {
  private static final ExecutorService RESOLVER = Executors.newCachedThreadPool(task -> {
    Thread t = new Thread(task, "jtls-getaddrinfo");
    t.setDaemon(true);
    return t;
  });

  private Lookup() {}

  /**
   * Resolves {@code host} and calls {@code callback} on {@code loop} with the addresses in the
   * resolver's order, or with Node's {@code getaddrinfo} error. A literal is answered at once.
   */
  static void resolve(EventLoop loop, String host, BiConsumer<List<InetAddress>, SystemError> callback) {
    InetAddress literal = Addresses.literal(host);
    if (literal != null) {
      callback.accept(List.of(literal), null);
      return;
    }
    RESOLVER.execute(() -> {
      List<InetAddress> found = null;
      SystemError error = null;
      try {
        found = List.of(InetAddress.getAllByName(host));
      } catch (UnknownHostException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        error = SystemError.lookup(message.contains("temporary failure") ? "EAI_AGAIN" : "ENOTFOUND", host, e);
      }
      List<InetAddress> addresses = found;
      SystemError failure = error;
      loop.execute(() -> callback.accept(addresses, failure));
    });
  }
}

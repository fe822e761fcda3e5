package dev.jtls.net;

import dev.jtls.events.NodeError;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * Node's {@code dns.lookup} for connect and listen: IP literals are used as they are; names are
 * resolved by the system resolver on a helper thread (getaddrinfo blocks), never on a loop, or by
 * the user's {@link LookupFunction} (the {@code lookup} connect option).
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
   * While the name is being resolved the loop stays alive, as a getaddrinfo request keeps Node's
   * loop alive. On the loop.
   */
  static void resolve(EventLoop loop, String host, BiConsumer<List<InetAddress>, SystemError> callback) {
    InetAddress literal = Addresses.literal(host);
    if (literal != null) {
      callback.accept(List.of(literal), null);
      return;
    }
    loop.ref();
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
      loop.execute(() -> {
        loop.unref();
        callback.accept(addresses, failure);
      });
    });
  }

  /** Node's dns.ADDRCONFIG on Linux, which Node passes as the hints when no family is asked for. */
  private static final int ADDRCONFIG = 32;
  private static final LookupFunction.Options CONNECT_OPTIONS = new LookupFunction.Options(0, ADDRCONFIG, true);

  /**
   * As {@link #resolve(EventLoop, String, BiConsumer)}, through {@code custom} when given: called
   * only for a name, as Node does; its first answer (from any thread) is taken on {@code loop}, its
   * error or exception is passed on as it is, and its addresses are checked and ordered as Node's
   * lookupAndConnectMultiple does.
   */
  static void resolve(EventLoop loop, String host, int port, LookupFunction custom,
      BiConsumer<List<InetAddress>, Throwable> callback) {
    if (custom == null || Addresses.literal(host) != null) {
      resolve(loop, host, callback::accept);
      return;
    }
    AtomicBoolean answered = new AtomicBoolean();
    LookupFunction.Callback answer = (error, addresses) -> {
      if (answered.compareAndSet(false, true)) {
        loop.run(() -> {
          if (error != null) {
            callback.accept(null, error);
            return;
          }
          try {
            callback.accept(usable(addresses, host, port), null);
          } catch (NodeError invalid) {
            callback.accept(null, invalid);
          }
        });
      }
    };
    try {
      custom.lookup(host, CONNECT_OPTIONS, answer);
    } catch (RuntimeException e) {
      answer.addresses(e, null);
    }
  }

  /**
   * Node's rules for a lookup's answer: IP literals of family 4 or 6 are kept, once each, and tried
   * alternating families beginning with the first one's; when none is, the first answer's fault is
   * the error (an empty answer counts as an undefined address).
   */
  private static List<InetAddress> usable(List<LookupFunction.Address> addresses, String host, int port) {
    List<LookupFunction.Address> given = addresses == null ? List.of() : addresses;
    List<Set<InetAddress>> groups = List.of(new LinkedHashSet<>(), new LinkedHashSet<>());
    int firstFamily = 0;
    for (LookupFunction.Address a : given) {
      InetAddress ip = a == null || a.address() == null ? null : Addresses.literal(a.address());
      if (ip != null && (a.family() == 4 || a.family() == 6)) {
        firstFamily = firstFamily == 0 ? a.family() : firstFamily;
        groups.get(a.family() == firstFamily ? 0 : 1).add(ip);
      }
    }
    if (firstFamily == 0) {
      LookupFunction.Address first = given.isEmpty() ? null : given.getFirst();
      String ip = first == null ? null : first.address();
      if (ip == null || Addresses.literal(ip) == null) {
        throw new NodeError("ERR_INVALID_IP_ADDRESS", "Invalid IP address: " + (ip == null ? "undefined" : ip));
      }
      throw new NodeError("ERR_INVALID_ADDRESS_FAMILY", "Invalid address family: " + first.family() + " " + host + ":" + port);
    }
    List<InetAddress> first = new ArrayList<>(groups.get(0));
    List<InetAddress> second = new ArrayList<>(groups.get(1));
    List<InetAddress> ordered = new ArrayList<>(first.size() + second.size());
    for (int i = 0; i < Math.max(first.size(), second.size()); i++) {
      if (i < first.size()) {
        ordered.add(first.get(i));
      }
      if (i < second.size()) {
        ordered.add(second.get(i));
      }
    }
    return ordered;
  }
}

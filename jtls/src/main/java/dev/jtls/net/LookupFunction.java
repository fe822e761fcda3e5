package dev.jtls.net;

import java.util.List;

/**
 * Node's {@code lookup} connect option: resolves a host name instead of the system resolver, as
 * {@code lookup(hostname, options, callback)}. It is called on the socket's loop only for a host
 * that is not an IP literal (as in Node) and must not block it; it may answer later, from any
 * thread, once. An error it reports (or throws) becomes the socket's 'error'.
 */
@FunctionalInterface
public interface LookupFunction {
  void lookup(String hostname, Options options, Callback callback);

  /**
   * The {@code dns.lookup} options Node passes: {@code family} 0 (any), {@code hints}
   * {@code dns.ADDRCONFIG} (32 on Linux) and {@code all} true, since Node tries every address
   * (autoSelectFamily, the default since v20).
   */
  record Options(int family, int hints, boolean all) {}

  /** One answer of the list form: an IP literal and its family, 4 or 6. */
  record Address(String address, int family) {}

  /**
   * How the lookup answers, in either of Node's forms. Node, asking with {@code all: true}, takes
   * only the list; Java's types tell the forms apart, so jtls takes the single one too.
   */
  interface Callback {
    /** Node's {@code callback(err, addresses)}: the addresses to try, in order; null with an error. */
    void addresses(Throwable error, List<Address> addresses);

    /** Node's {@code callback(err, address, family)}: one address. */
    default void address(Throwable error, String address, int family) {
      addresses(error, error == null ? List.of(new Address(address, family)) : null);
    }
  }
}

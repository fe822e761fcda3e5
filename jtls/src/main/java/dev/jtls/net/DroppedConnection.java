package dev.jtls.net;

/**
 * The argument of a server's {@code 'drop'} event (Node's data object): the addresses of a TCP
 * connection closed at once because the server had {@code maxConnections} open.
 */
public record DroppedConnection(String localAddress, int localPort, String localFamily, String remoteAddress,
    int remotePort, String remoteFamily) {

  /** The addresses of {@code local} and {@code remote}, or null when either is unknown (a Unix-domain socket). */
  static DroppedConnection of(AddressInfo local, AddressInfo remote) {
    if (local == null || remote == null) {
      return null;
    }
    return new DroppedConnection(local.address(), local.port(), local.family(), remote.address(), remote.port(),
        remote.family());
  }
}

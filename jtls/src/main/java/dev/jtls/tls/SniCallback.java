package dev.jtls.tls;

import java.util.function.BiConsumer;

/**
 * Node's {@code SNICallback(servername, callback)}: called on the server's loop when a client
 * names a server (SNI) and before the server's certificate is chosen. The handshake waits until
 * {@code callback} is called, from any thread and at any later time: with an error (the
 * connection fails with it, as the server's 'tlsClientError'), or with the context to serve this
 * connection from, or with null for the server's own context.
 */
@FunctionalInterface
public interface SniCallback {
  void select(String servername, BiConsumer<Throwable, SecureContext> callback);
}

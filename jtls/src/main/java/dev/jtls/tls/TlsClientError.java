package dev.jtls.tls;

/**
 * The arguments of the server's {@code 'tlsClientError'} event: what went wrong before a secure
 * connection was established, and the socket it happened on (already being destroyed).
 */
public record TlsClientError(Throwable exception, TlsSocket tlsSocket) {}

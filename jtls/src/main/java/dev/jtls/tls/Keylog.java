package dev.jtls.tls;

/**
 * The arguments of the server's {@code 'keylog'} event: one line of key material (NSS
 * SSLKEYLOGFILE format, newline included) and the connection it belongs to.
 */
public record Keylog(byte[] line, TlsSocket tlsSocket) {}

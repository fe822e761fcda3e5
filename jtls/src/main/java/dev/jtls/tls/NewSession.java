package dev.jtls.tls;

/**
 * The arguments of a server's {@code 'newSession'} event: a session was made for one of its
 * connections. Store {@code sessionData} (OpenSSL's DER encoding) under {@code sessionId}, then
 * call {@code callback} (once, from any thread): until then the connection sends no data.
 */
public record NewSession(byte[] sessionId, byte[] sessionData, Runnable callback) {}

package dev.jtls.tls;

/**
 * Node's {@code tlsSocket.getCipher()} result.
 *
 * @param name OpenSSL's name of the suite, e.g. {@code "TLS_AES_256_GCM_SHA384"} or {@code "ECDHE-RSA-AES128-GCM-SHA256"}
 * @param standardName the IANA name, e.g. {@code "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"}
 * @param version the minimum protocol version of the suite as OpenSSL reports it, e.g. {@code "TLSv1.2"}
 */
public record Cipher(String name, String standardName, String version) {}

package dev.jtls.tls.interop;

/**
 * What one end of a connection reports about the handshake it completed, in its own words.
 *
 * @param protocol the version, e.g. {@code TLSv1.3}
 * @param cipher the suite's OpenSSL name, e.g. {@code ECDHE-RSA-AES128-GCM-SHA256}
 * @param servername the SNI name a server received (null on clients, or when none was sent)
 * @param authorized whether the peer's certificate verified against the trusted CAs
 * @param peerCommonName the CN of the certificate the peer presented, or null when it sent none
 */
record Handshake(String protocol, String cipher, String servername, boolean authorized, String peerCommonName) {}

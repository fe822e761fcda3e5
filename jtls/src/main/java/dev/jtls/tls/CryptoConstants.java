package dev.jtls.tls;

/**
 * The {@code SSL_OP_*} values of Node's {@code crypto.constants}, for the {@code secureOptions}
 * option: OpenSSL 3.0's option bits, with the values Node exposes (options OpenSSL 3 no longer
 * has, such as {@code SSL_OP_NO_SSLv2}, are 0).
 */
public final class CryptoConstants {
  private CryptoConstants() {}

  public static final long SSL_OP_ALL = 2147485776L;
  public static final long SSL_OP_ALLOW_NO_DHE_KEX = 1024L;
  public static final long SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION = 262144L;
  public static final long SSL_OP_CIPHER_SERVER_PREFERENCE = 4194304L;
  public static final long SSL_OP_CISCO_ANYCONNECT = 32768L;
  public static final long SSL_OP_COOKIE_EXCHANGE = 8192L;
  public static final long SSL_OP_CRYPTOPRO_TLSEXT_BUG = 2147483648L;
  public static final long SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS = 2048L;
  public static final long SSL_OP_LEGACY_SERVER_CONNECT = 4L;
  public static final long SSL_OP_NO_COMPRESSION = 131072L;
  public static final long SSL_OP_NO_ENCRYPT_THEN_MAC = 524288L;
  public static final long SSL_OP_NO_QUERY_MTU = 4096L;
  public static final long SSL_OP_NO_RENEGOTIATION = 1073741824L;
  public static final long SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION = 65536L;
  public static final long SSL_OP_NO_SSLv2 = 0L;
  public static final long SSL_OP_NO_SSLv3 = 33554432L;
  public static final long SSL_OP_NO_TICKET = 16384L;
  public static final long SSL_OP_NO_TLSv1 = 67108864L;
  public static final long SSL_OP_NO_TLSv1_1 = 268435456L;
  public static final long SSL_OP_NO_TLSv1_2 = 134217728L;
  public static final long SSL_OP_NO_TLSv1_3 = 536870912L;
  public static final long SSL_OP_PRIORITIZE_CHACHA = 2097152L;
  public static final long SSL_OP_TLS_ROLLBACK_BUG = 8388608L;
}

package dev.jtls.internal.openssl;

/**
 * What OpenSSL's per-connection callbacks tell the Java object that owns an SSL. One
 * implementation per connection is attached with {@link SslOwners#attach}; the process-wide upcall
 * stubs in {@link Upcalls} find it through the SSL's ex_data slot and call it on the thread that
 * is inside the SSL call (the connection's loop). Implementations must not free the SSL from these
 * methods: they record what happened and act once the SSL call has returned.
 */
public interface SslCallbacks {
  /** A key log line (NSS SSLKEYLOGFILE format, without the newline). */
  void keylog(String line);
}

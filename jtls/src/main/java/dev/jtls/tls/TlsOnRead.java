package dev.jtls.tls;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Node's {@code onread} option of {@code tls.connect}: plaintext is decrypted straight into the
 * user's buffer and handed to {@code callback} instead of becoming 'data' events, with no
 * allocation per read. {@code buffer} gives the buffer for each read (the same one, typically). A
 * direct buffer receives the plaintext from OpenSSL itself; a heap buffer gets it with one copy.
 *
 * <p>The buffer is lent to the callback: it holds {@code nread} bytes from index 0 (position 0,
 * limit {@code nread}) until the callback returns, and the next read writes over it. Returning
 * false pauses reading until {@link TlsSocket#resume()}. End of stream is still 'end'.
 */
public record TlsOnRead(Supplier<ByteBuffer> buffer, Callback callback) {
  /** Node's {@code onread.callback(nread, buf)}. */
  @FunctionalInterface
  public interface Callback {
    boolean onRead(int nread, ByteBuffer buf);
  }

  public TlsOnRead {
    Objects.requireNonNull(buffer, "buffer");
    Objects.requireNonNull(callback, "callback");
  }

  /** Node's {@code onread: {buffer, callback}} with one buffer for every read. */
  public static TlsOnRead of(ByteBuffer buffer, Callback callback) {
    Objects.requireNonNull(buffer, "buffer");
    return new TlsOnRead(() -> buffer, callback);
  }
}

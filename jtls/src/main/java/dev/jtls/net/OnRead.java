package dev.jtls.net;

import java.nio.ByteBuffer;

/**
 * Node's {@code onread} option: receives each read straight from the loop's read buffer instead
 * of through {@code 'data'} events. The buffer's position..limit are the new bytes; it is only
 * valid during the call (the loop reuses it for the next read on any socket), so consume or copy
 * what is needed before returning. Returning false pauses reading until {@code resume()}.
 */
@FunctionalInterface
public interface OnRead {
  boolean onRead(ByteBuffer data);
}

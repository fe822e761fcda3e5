package dev.jtls.events;

/**
 * Thrown by {@link EventEmitter#emit} for an {@code 'error'} that nobody listens to, when the
 * error itself is a checked exception and so cannot be thrown as is (Node's
 * {@code ERR_UNHANDLED_ERROR} plays the same role for non-Error values).
 */
public final class UnhandledErrorException extends NodeError {
  private UnhandledErrorException(Throwable cause) {
    super("ERR_UNHANDLED_ERROR", "Unhandled error. (" + cause + ")", cause);
  }

  static RuntimeException wrap(Throwable error) {
    if (error instanceof RuntimeException re) {
      return re;
    }
    if (error instanceof Error e) {
      throw e;
    }
    return new UnhandledErrorException(error);
  }
}

package dev.jtls.events;

/**
 * An error with Node's {@code code} property ({@code ERR_INVALID_ARG_TYPE},
 * {@code ERR_TLS_HANDSHAKE_TIMEOUT}, X509 verification codes, ...). More specific errors
 * (system errors, OpenSSL errors, host name mismatches) extend it with Node's extra fields.
 */
public class NodeError extends RuntimeException {
  private final String code;

  public NodeError(String code, String message) {
    this(code, message, null);
  }

  public NodeError(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** Node's {@code err.code}. */
  public String code() {
    return code;
  }

  /**
   * Node's {@code ERR_INVALID_ARG_TYPE}: {@code The "name" argument must be <expected>. Received <actual>}.
   * {@code expected} is Node's phrase, e.g. {@code "of type string"} or {@code "an instance of Buffer"}.
   */
  public static NodeError invalidArgType(String name, String expected, Object actual) {
    String kind = name.contains(".") ? "property" : "argument";
    return new NodeError("ERR_INVALID_ARG_TYPE",
        "The \"" + name + "\" " + kind + " must be " + expected + ". Received " + describe(actual));
  }

  /** Node's {@code ERR_INVALID_ARG_VALUE}: {@code The argument 'name' is invalid. Received <actual>}. */
  public static NodeError invalidArgValue(String name, Object actual, String reason) {
    String kind = name.contains(".") ? "property" : "argument";
    return new NodeError("ERR_INVALID_ARG_VALUE",
        "The " + kind + " '" + name + "' " + (reason == null ? "is invalid" : reason) + ". Received " + describe(actual));
  }

  /** Node's {@code ERR_OUT_OF_RANGE}. */
  public static NodeError outOfRange(String name, String range, Object actual) {
    return new NodeError("ERR_OUT_OF_RANGE",
        "The value of \"" + name + "\" is out of range. It must be " + range + ". Received " + actual);
  }

  /** Describes a received value the way Node's messages do, with the Java type in place of JS's. */
  public static String describe(Object actual) {
    if (actual == null) {
      return "null";
    }
    if (actual instanceof CharSequence s) {
      String text = s.length() > 28 ? s.subSequence(0, 25) + "..." : s.toString();
      return "type string ('" + text + "')";
    }
    if (actual instanceof Boolean) {
      return "type boolean (" + actual + ")";
    }
    if (actual instanceof Number n) {
      // Every Java number is a JavaScript number to Node's messages, where 1.0 prints as 1.
      double d = n.doubleValue();
      boolean wholeFloating = (n instanceof Double || n instanceof Float) && d == Math.rint(d) && !Double.isInfinite(d);
      return "type number (" + (wholeFloating ? Long.toString((long) d) : n.toString()) + ")";
    }
    // The Java forms of a Node option bag's values are named by their JavaScript types.
    if (actual instanceof java.util.Map) {
      return "an instance of Object";
    }
    if (actual instanceof java.util.List) {
      return "an instance of Array";
    }
    if (actual instanceof byte[]) {
      return "an instance of Buffer";
    }
    return "an instance of " + actual.getClass().getSimpleName();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + " [" + code + "]: " + getMessage();
  }
}

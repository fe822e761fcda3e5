package dev.jtls.tls;

import dev.jtls.events.NodeError;
import dev.jtls.net.EventLoop;
import dev.jtls.net.EventLoopGroup;
import dev.jtls.stream.Duplex;

/** Type checks for values of Node-style option bags, with Node's {@code ERR_INVALID_ARG_TYPE}. */
final class OptionTypes {
  private OptionTypes() {}

  static boolean bool(String option, Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    throw NodeError.invalidArgType("options." + option, "of type boolean", value);
  }

  static long number(String option, Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
      return n.longValue();
    }
    throw NodeError.invalidArgType("options." + option, "of type number", value);
  }

  /**
   * A string option that Node checks only where it hands it to an internal function, so its error
   * names that function's argument (servername's {@code "name"}, host's {@code "hostname"}).
   */
  static String stringArgument(String argument, Object value) {
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw NodeError.invalidArgType(argument, "of type string", value);
  }

  /** Milliseconds that Node passes to {@code socket.setTimeout(msecs)}: a finite number, not negative. */
  static long msecs(Object value) {
    if (!(value instanceof Number n)) {
      throw NodeError.invalidArgType("msecs", "of type number", value);
    }
    double d = n.doubleValue();
    if (!(d >= 0) || Double.isInfinite(d)) {
      throw msecsOutOfRange(d == Math.rint(d) && !Double.isInfinite(d) ? (Object) (long) d : value);
    }
    return (long) d;
  }

  static NodeError msecsOutOfRange(Object value) {
    return NodeError.outOfRange("msecs", "a non-negative finite number", value);
  }

  /**
   * A timeout that Node only arms when it is above zero: any number; zero, negative or NaN
   * means none (0), and a fraction of a millisecond waits one millisecond, as Node's timers do.
   */
  static long timeoutOrNone(String option, Object value) {
    if (!(value instanceof Number n)) {
      throw NodeError.invalidArgType("options." + option, "of type number", value);
    }
    double d = n.doubleValue();
    return d > 0 ? Math.max(1, (long) Math.min(d, Long.MAX_VALUE)) : 0;
  }

  /**
   * Node's port check: a number, or a string holding one, that is an integer from 0 to 65535;
   * anything else is {@code ERR_SOCKET_BAD_PORT}.
   */
  static Integer port(Object value) {
    if (value == null) {
      return null;
    }
    double d = Double.NaN;
    if (value instanceof Number n) {
      d = n.doubleValue();
    } else if (value instanceof String s && !s.isBlank()) {
      try {
        d = Double.parseDouble(s.strip());
      } catch (NumberFormatException notANumber) {
        // stays NaN: a bad port
      }
    }
    if (!(d >= 0 && d <= 65535) || d != Math.rint(d)) {
      throw new NodeError("ERR_SOCKET_BAD_PORT",
          "Port should be >= 0 and < 65536. Received " + NodeError.describe(value) + ".");
    }
    return (int) d;
  }

  static String string(String option, Object value) {
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw NodeError.invalidArgType("options." + option, "of type string", value);
  }

  static Duplex duplex(String option, Object value) {
    if (value == null || value instanceof Duplex) {
      return (Duplex) value;
    }
    throw NodeError.invalidArgType("options." + option, "an instance of Duplex", value);
  }

  static SecureContext secureContext(Object value) {
    if (value == null || value instanceof SecureContext) {
      return (SecureContext) value;
    }
    throw NodeError.invalidArgType("options.secureContext", "an instance of SecureContext", value);
  }

  static EventLoop loop(Object value) {
    if (value == null || value instanceof EventLoop) {
      return (EventLoop) value;
    }
    throw NodeError.invalidArgType("options.loop", "an instance of EventLoop", value);
  }

  static EventLoopGroup loops(Object value) {
    return switch (value) {
      case null -> null;
      case EventLoopGroup group -> group;
      case Integer count -> EventLoopGroup.create(count);
      default -> throw NodeError.invalidArgType("options.loops", "an instance of EventLoopGroup or of type number", value);
    };
  }
}

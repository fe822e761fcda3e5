package dev.jtls.tls;

import dev.jtls.events.NodeError;
import dev.jtls.net.EventLoop;
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
}

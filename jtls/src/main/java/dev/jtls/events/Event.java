package dev.jtls.events;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A typed event key: Node's event name plus the Java type of its argument. Events whose Node
 * listener takes several arguments carry a record; events with none carry {@link Void}.
 *
 * <p>Keys are compared by identity; each has a small process-wide id so emitters can index their
 * listener tables by array position instead of hashing the name on every emit.
 */
public final class Event<T> {
  private static final AtomicInteger NEXT_ID = new AtomicInteger();

  private final String name;
  private final Class<?> type;
  private final int id;

  private Event(String name, Class<?> type) {
    this.name = name;
    this.type = type;
    this.id = NEXT_ID.getAndIncrement();
  }

  /** A new key for the Node event {@code name} whose listeners receive a {@code type}. */
  public static <T> Event<T> of(String name, Class<? super T> type) {
    return new Event<>(name, type);
  }

  /** A new key for an event that carries no argument. */
  public static Event<Void> of(String name) {
    return new Event<>(name, Void.class);
  }

  /** Node's name of the event, e.g. {@code "secureConnect"}. */
  public String name() {
    return name;
  }

  /** The type of the value listeners receive. */
  public Class<?> type() {
    return type;
  }

  int id() {
    return id;
  }

  @Override
  public String toString() {
    return "Event[" + name + "]";
  }
}

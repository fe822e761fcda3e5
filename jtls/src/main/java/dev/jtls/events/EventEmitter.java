package dev.jtls.events;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Node's EventEmitter with typed keys. Events are emitted on the owner's event loop thread; adding
 * and removing listeners is safe from any thread (a Java program typically sets up listeners
 * from {@code main} right after creating a socket), and emitting never takes a lock.
 *
 * <p>As in Node, emitting {@link #ERROR} with no listener throws the error, so it reaches the
 * loop's uncaught-error handler instead of vanishing.
 */
public class EventEmitter {
  /** Node's {@code 'error'} event. */
  public static final Event<Throwable> ERROR = Event.of("error", Throwable.class);

  private static final Object[] NONE = new Object[0];

  /**
   * Listener arrays indexed by {@link Event#id()}, copy-on-write: writers replace arrays under
   * {@link #lock} and publish a new table, so emit reads one consistent snapshot without locking.
   * An element is the listener's own Consumer when it is a plain one (most are: a connection holds
   * a dozen, so no wrapper each), else a {@link Wrapped}.
   */
  private volatile Object[][] table = new Object[0][];
  private final Object lock = new Object();

  /** A listener that runs once, or a Runnable given for an event that carries no value. */
  private record Wrapped(Consumer<Object> fn, boolean once, Object original) {}

  /** Adds {@code listener} for {@code event}; returns this emitter. */
  public <T> EventEmitter on(Event<T> event, Consumer<? super T> listener) {
    return add(event, listener, false, listener);
  }

  /** Adds a listener for an event that carries no value. */
  public EventEmitter on(Event<Void> event, Runnable listener) {
    return add(event, ignored -> listener.run(), false, listener);
  }

  /** Adds a listener that is removed before its first call. */
  public <T> EventEmitter once(Event<T> event, Consumer<? super T> listener) {
    return add(event, listener, true, listener);
  }

  /** Adds a one-time listener for an event that carries no value. */
  public EventEmitter once(Event<Void> event, Runnable listener) {
    return add(event, ignored -> listener.run(), true, listener);
  }

  /** Removes the most recently added registration of {@code listener} (a Consumer or Runnable). */
  public EventEmitter off(Event<?> event, Object listener) {
    synchronized (lock) {
      Object[] current = listeners(event);
      for (int i = current.length - 1; i >= 0; i--) {
        if (original(current[i]) == listener) {
          removeAt(event, i);
          break;
        }
      }
    }
    return this;
  }

  /** Removes every listener of {@code event}. */
  public EventEmitter removeAllListeners(Event<?> event) {
    synchronized (lock) {
      if (event.id() < table.length) {
        Object[][] next = table.clone();
        next[event.id()] = null;
        table = next;
      }
    }
    return this;
  }

  /** Removes every listener of every event. */
  public EventEmitter removeAllListeners() {
    synchronized (lock) {
      table = new Object[0][];
    }
    return this;
  }

  /** The number of listeners registered for {@code event}. */
  public int listenerCount(Event<?> event) {
    return listeners(event).length;
  }

  /**
   * Calls every listener of {@code event} in registration order with {@code value}; returns
   * whether there was any. An {@link #ERROR} with no listener is thrown instead.
   */
  @SuppressWarnings("unchecked")
  public <T> boolean emit(Event<T> event, T value) {
    Object[] current = listeners(event);
    if (current.length == 0) {
      if (event == (Event<?>) ERROR) {
        throw UnhandledErrorException.wrap((Throwable) value);
      }
      return false;
    }
    for (Object l : current) {
      if (l instanceof Wrapped w) {
        if (w.once) {
          removeListener(event, l);
        }
        w.fn.accept(value);
      } else {
        ((Consumer<Object>) l).accept(value);
      }
    }
    return true;
  }

  /** Emits an event that carries no value. */
  public boolean emit(Event<Void> event) {
    return emit(event, null);
  }

  /** Hook for subclasses, called after a listener is added (Node's 'newListener', internal). */
  protected void listenerAdded(Event<?> event) {}

  @SuppressWarnings("unchecked")
  private <T> EventEmitter add(Event<T> event, Consumer<? super T> fn, boolean once, Object original) {
    Objects.requireNonNull(event, "event");
    if (fn == null) {
      throw NodeError.invalidArgType("listener", "of type function", null);
    }
    int id = event.id();
    synchronized (lock) {
      Object[][] t = table;
      Object[][] nextTable = Arrays.copyOf(t, Math.max(id + 1, t.length));
      Object[] current = nextTable[id] == null ? NONE : nextTable[id];
      Object[] next = Arrays.copyOf(current, current.length + 1);
      next[current.length] = !once && original == fn ? fn : new Wrapped((Consumer<Object>) fn, once, original);
      nextTable[id] = next;
      table = nextTable;
    }
    listenerAdded(event);
    return this;
  }

  private Object[] listeners(Event<?> event) {
    int id = event.id();
    Object[][] t = table;
    Object[] l = id < t.length ? t[id] : null;
    return l == null ? NONE : l;
  }

  /** What the caller gave for a stored listener, which is what {@link #off} looks for. */
  private static Object original(Object stored) {
    return stored instanceof Wrapped w ? w.original : stored;
  }

  private void removeListener(Event<?> event, Object listener) {
    synchronized (lock) {
      Object[] current = listeners(event);
      for (int i = 0; i < current.length; i++) {
        if (current[i] == listener) {
          removeAt(event, i);
          return;
        }
      }
    }
  }

  /** Caller holds {@link #lock}. */
  private void removeAt(Event<?> event, int index) {
    Object[] current = listeners(event);
    Object[] next = new Object[current.length - 1];
    System.arraycopy(current, 0, next, 0, index);
    System.arraycopy(current, index + 1, next, index, current.length - index - 1);
    Object[][] nextTable = table.clone();
    nextTable[event.id()] = next.length == 0 ? null : next;
    table = nextTable;
  }
}

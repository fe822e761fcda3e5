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

  private static final Listener[] NONE = new Listener[0];

  /**
   * Listener arrays indexed by {@link Event#id()}, copy-on-write: writers replace arrays under
   * {@link #lock} and publish a new table, so emit reads one consistent snapshot without locking.
   */
  private volatile Listener[][] table = new Listener[0][];
  private final Object lock = new Object();

  private record Listener(Consumer<Object> fn, boolean once, Object original) {}

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
      Listener[] current = listeners(event);
      for (int i = current.length - 1; i >= 0; i--) {
        if (current[i].original == listener) {
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
        Listener[][] next = table.clone();
        next[event.id()] = null;
        table = next;
      }
    }
    return this;
  }

  /** Removes every listener of every event. */
  public EventEmitter removeAllListeners() {
    synchronized (lock) {
      table = new Listener[0][];
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
    Listener[] current = listeners(event);
    if (current.length == 0) {
      if (event == (Event<?>) ERROR) {
        throw UnhandledErrorException.wrap((Throwable) value);
      }
      return false;
    }
    for (Listener l : current) {
      if (l.once) {
        removeListener(event, l);
      }
      l.fn.accept(value);
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
      Listener[][] t = table;
      Listener[][] nextTable = Arrays.copyOf(t, Math.max(id + 1, t.length));
      Listener[] current = nextTable[id] == null ? NONE : nextTable[id];
      Listener[] next = Arrays.copyOf(current, current.length + 1);
      next[current.length] = new Listener((Consumer<Object>) fn, once, original);
      nextTable[id] = next;
      table = nextTable;
    }
    listenerAdded(event);
    return this;
  }

  private Listener[] listeners(Event<?> event) {
    int id = event.id();
    Listener[][] t = table;
    Listener[] l = id < t.length ? t[id] : null;
    return l == null ? NONE : l;
  }

  private void removeListener(Event<?> event, Listener listener) {
    synchronized (lock) {
      Listener[] current = listeners(event);
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
    Listener[] current = listeners(event);
    Listener[] next = new Listener[current.length - 1];
    System.arraycopy(current, 0, next, 0, index);
    System.arraycopy(current, index + 1, next, index, current.length - index - 1);
    Listener[][] nextTable = table.clone();
    nextTable[event.id()] = next.length == 0 ? null : next;
    table = nextTable;
  }
}

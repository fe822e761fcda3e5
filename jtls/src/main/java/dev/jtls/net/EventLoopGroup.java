package dev.jtls.net;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed set of {@link EventLoop}s, for a server that spreads its connections over several cores
 * ({@link NetServerOptions#loops(EventLoopGroup)}) and for clients that take {@link #next()}.
 *
 * <p>A group owns no thread of its own and has nothing to shut down: each loop's thread runs while
 * that loop holds referenced handles or tasks and ends when none remain, as every {@code EventLoop}
 * does, and starts again when new work arrives. So a program whose servers and sockets are all
 * closed ends, whichever groups it made.
 */
public final class EventLoopGroup {
  private static final AtomicInteger GROUPS = new AtomicInteger();

  private final List<EventLoop> loops;
  private final AtomicInteger next = new AtomicInteger();

  private EventLoopGroup(List<EventLoop> loops) {
    this.loops = loops;
  }

  /** {@code size} new loops whose threads are named {@code name-0}, {@code name-1}, ... */
  public static EventLoopGroup create(String name, int size) {
    Objects.requireNonNull(name, "name");
    if (size < 1) {
      throw new IllegalArgumentException("an event loop group needs at least one loop, not " + size);
    }
    EventLoop[] loops = new EventLoop[size];
    for (int i = 0; i < size; i++) {
      loops[i] = EventLoop.create(name + "-" + i);
    }
    return new EventLoopGroup(List.of(loops));
  }

  /** {@code size} new loops with a generated name. */
  public static EventLoopGroup create(int size) {
    return create("jtls-group" + GROUPS.incrementAndGet(), size);
  }

  /** One loop per processor the JVM may use ({@link Runtime#availableProcessors()}). */
  public static EventLoopGroup create() {
    return create(Runtime.getRuntime().availableProcessors());
  }

  /** The number of loops. */
  public int size() {
    return loops.size();
  }

  /** The loops, in a fixed order. */
  public List<EventLoop> loops() {
    return loops;
  }

  /** The next loop in round-robin order; any thread may call this. */
  public EventLoop next() {
    return loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
  }

  /** Whether {@code loop} is one of this group's loops. */
  public boolean contains(EventLoop loop) {
    return loops.contains(loop);
  }
}

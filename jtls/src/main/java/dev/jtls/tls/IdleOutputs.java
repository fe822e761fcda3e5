package dev.jtls.tls;

import dev.jtls.net.EventLoop;
import dev.jtls.net.Timer;
import java.util.ArrayList;
import java.util.List;

/**
 * The engines of one loop whose output BIO holds a buffer bigger than a few small records. A
 * connection that sent nothing for a whole period gets its emptied buffer freed: freeing it after
 * every record would cost a free and a regrowth per record on a busy connection, so only idleness
 * releases it. The timer runs only while some engine is watched, and never keeps the loop alive.
 */
final class IdleOutputs {
  /** How long a connection sends nothing, at least, before its output buffer is freed (at most twice this). */
  static final long PERIOD_MILLIS = 500;
  private static final Object KEY = new Object();

  private final EventLoop loop;
  private final List<TlsEngine> watched = new ArrayList<>();
  private Timer timer;

  private IdleOutputs(EventLoop loop) {
    this.loop = loop;
  }

  /** Watches {@code engine} on the calling loop; an engine driven off any loop keeps its buffer. */
  static void watch(TlsEngine engine) {
    EventLoop loop = EventLoop.current();
    if (loop != null) {
      loop.local(KEY, () -> new IdleOutputs(loop)).add(engine);
    }
  }

  /** Runs one period's check at once on {@code loop} (its thread only): what the timer does. */
  static void sweep(EventLoop loop) {
    loop.local(KEY, () -> new IdleOutputs(loop)).sweep();
  }

  private void add(TlsEngine engine) {
    watched.add(engine);
    if (timer == null) {
      timer = loop.setInterval(this::sweep, PERIOD_MILLIS).unref();
    }
  }

  private void sweep() {
    watched.removeIf(TlsEngine::releaseIdleOutput);
    if (watched.isEmpty() && timer != null) {
      timer.cancel();
      timer = null;
    }
  }
}

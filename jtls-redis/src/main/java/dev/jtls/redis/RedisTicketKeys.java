package dev.jtls.redis;

import dev.jtls.events.NodeError;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Ticket keys shared by every server of a fleet through Redis, rotated on a schedule.
 *
 * <p>One Redis key holds the current and previous 48-byte key sets and a version counter. Every
 * {@code pollInterval} each server reads it; when the current set is older than {@code rotationInterval}, every
 * server that notices tries to replace it with a compare-and-set on the version (a Lua script, atomic in
 * Redis), so exactly one server performs each rotation. The winner announces the new version on a pub/sub
 * channel and the others read the new state at once; a server that missed the message finds it at its next
 * poll. Each new current set goes to the consumer ({@code server::setTicketKeys}).
 *
 * <p>Grace period: a key set stays in Redis as the previous set for one {@code rotationInterval} after it stopped
 * being current, so every ticket can be opened for at least one interval after it was issued. Whenever the
 * consumer is not already on the new state's previous set — on start, or after missed versions — it first gets
 * the previous set, then the current one: a server that keeps the set it replaces (as jtls's setTicketKeys
 * does for its grace period) then opens tickets sealed under either.
 *
 * <p>While Redis is away the keys in use stay; a state that does not open (corrupt, or sealed under a key this
 * server lacks) is replaced by a fresh one, as if absent.
 */
public final class RedisTicketKeys implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RedisTicketKeys.class.getName());
  /** Sets KEYS[1] to ARGV[2] only if its first 8 bytes (the version) are ARGV[1], or it is absent and ARGV[1] is empty. */
  private static final String COMPARE_AND_SET = """
      local v = redis.call('GET', KEYS[1])
      if (v == false and ARGV[1] == '') or (v ~= false and string.sub(v, 1, 8) == ARGV[1]) then
        redis.call('SET', KEYS[1], ARGV[2])
        return 1
      end
      return 0
      """;

  private final RedisConnection redis;
  private final TicketKeyOptions options;
  private final Consumer<byte[]> setTicketKeys;
  private final byte[] key;
  private final byte[] channel;
  private final AtomicBoolean checking = new AtomicBoolean();
  /** A check was asked for while one ran (a rotation notice): run another, it may have read too early. */
  private final AtomicBoolean checkAgain = new AtomicBoolean();
  private final LongAdder rotations = new LongAdder();
  private final LongAdder adoptions = new LongAdder();
  private final LongAdder unusable = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private volatile boolean closed;
  private TicketKeyState delivered; // guarded by this

  private RedisTicketKeys(RedisConnection redis, TicketKeyOptions options, Consumer<byte[]> setTicketKeys) {
    this.redis = redis;
    this.options = options;
    this.setTicketKeys = setTicketKeys;
    this.key = options.redisKey().getBytes(StandardCharsets.UTF_8);
    this.channel = options.channel().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Starts following (and rotating) the shared keys on {@code redis}, which it shares and does not close. Each
   * key set to use goes to {@code setTicketKeys}, on a Redis client thread.
   */
  public static RedisTicketKeys start(RedisConnection redis, TicketKeyOptions options, Consumer<byte[]> setTicketKeys) {
    if (redis == null) {
      throw NodeError.invalidArgType("redis", "an instance of RedisConnection", null);
    }
    if (options == null) {
      throw NodeError.invalidArgType("options", "an instance of TicketKeyOptions", null);
    }
    if (setTicketKeys == null) {
      throw NodeError.invalidArgType("setTicketKeys", "of type function", null);
    }
    RedisTicketKeys keys = new RedisTicketKeys(redis, options, setTicketKeys);
    redis.subscribe(keys.channel, message -> keys.check());
    keys.tick();
    return keys;
  }

  /** The current 48-byte key set delivered last, or null before the first. */
  public synchronized byte[] current() {
    return delivered == null ? null : delivered.current().clone();
  }

  /** The previous 48-byte key set of the state delivered last, or null when there is none. */
  public synchronized byte[] previous() {
    return delivered == null || delivered.previous() == null ? null : delivered.previous().clone();
  }

  /** The counters now. */
  public TicketKeyMetrics metrics() {
    long version;
    synchronized (this) {
      version = delivered == null ? 0 : delivered.version();
    }
    return new TicketKeyMetrics(version, rotations.sum(), adoptions.sum(), unusable.sum(), failures.sum());
  }

  /** The state delivered last (null before the first), for tests. */
  synchronized TicketKeyState state() {
    return delivered;
  }

  /** Whether no check is running, for tests. */
  boolean idle() {
    return !checking.get();
  }

  /** Stops polling and rotating; the keys already delivered stay in use. */
  @Override
  public void close() {
    closed = true;
  }

  private void tick() {
    if (closed) {
      return;
    }
    check();
    redis.schedule(this::tick, options.pollInterval());
  }

  /** Reads the state, delivers it when it is new here, and rotates it when due. One check at a time. */
  private void check() {
    if (closed) {
      return;
    }
    if (!checking.compareAndSet(false, true)) {
      checkAgain.set(true);
      return;
    }
    RedisClusterAsyncCommands<byte[], byte[]> commands = redis.commands();
    CompletionStage<Void> done;
    try {
      done = commands == null
          ? CompletableFuture.failedFuture(new IllegalStateException("not connected to Redis"))
          : commands.get(key).thenCompose(stored -> afterRead(commands, stored));
    } catch (RuntimeException e) {
      done = CompletableFuture.failedFuture(e);
    }
    done.whenComplete((ok, err) -> {
      if (err != null) {
        failures.increment();
        LOG.log(System.Logger.Level.DEBUG, "ticket key check failed: {0}", RedisConnection.causes(err));
      }
      checking.set(false);
      if (checkAgain.getAndSet(false)) {
        check();
      }
    });
  }

  private CompletionStage<Void> afterRead(RedisClusterAsyncCommands<byte[], byte[]> commands, byte[] stored) {
    TicketKeyState state = TicketKeyState.decode(options.sealer(), stored);
    if (state != null) {
      adopt(state);
    } else if (stored != null) {
      unusable.increment();
    }
    long now = System.currentTimeMillis();
    if (state != null && now < state.rotatedAtMillis() + options.rotationInterval().toMillis()) {
      return CompletableFuture.completedFuture(null);
    }
    return rotate(commands, stored, state, now);
  }

  private CompletionStage<Void> rotate(RedisClusterAsyncCommands<byte[], byte[]> commands, byte[] stored,
      TicketKeyState before, long now) {
    TicketKeyState next = TicketKeyState.next(before, Math.max(0, TicketKeyState.versionOf(stored)), now);
    byte[] expected = stored == null ? new byte[0] : Arrays.copyOf(stored, Math.min(8, stored.length));
    byte[] value = next.encode(options.sealer());
    return commands.<Long>eval(COMPARE_AND_SET, ScriptOutputType.INTEGER, new byte[][] {key}, expected, value)
        .thenCompose(won -> {
          if (won == null || won != 1) {
            // Another server rotated first: read what it wrote.
            return commands.get(key).thenAccept(latest -> {
              TicketKeyState s = TicketKeyState.decode(options.sealer(), latest);
              if (s != null) {
                adopt(s);
              }
            });
          }
          rotations.increment();
          adopt(next);
          return commands.publish(channel, TicketKeyState.versionBytes(value)).thenAccept(n -> {});
        });
  }

  private synchronized void adopt(TicketKeyState state) {
    if (closed || (delivered != null && Arrays.equals(delivered.current(), state.current()))) {
      return;
    }
    boolean onPrevious = delivered != null && Arrays.equals(delivered.current(), state.previous());
    if (!onPrevious && state.previous() != null) {
      deliver(state.previous());
    }
    deliver(state.current());
    delivered = state;
    adoptions.increment();
  }

  private void deliver(byte[] keys) {
    try {
      setTicketKeys.accept(keys.clone());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "setTicketKeys consumer threw", e);
    }
  }
}

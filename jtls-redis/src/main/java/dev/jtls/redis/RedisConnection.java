package dev.jtls.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One Lettuce client for a {@link RedisEndpoint}, shared by a {@link RedisSessionStore} and a
 * {@link RedisTicketKeys}. It connects in the background and keeps trying until Redis answers; once connected,
 * Lettuce reconnects by itself. Nothing waits for it: while it is not connected, {@link #commands()} is empty
 * and commands issued during a disconnection fail at once (Lettuce's REJECT_COMMANDS), so no request queues
 * up behind a Redis that is away. A cluster's node connections accept commands while they (re)connect, since
 * Lettuce opens them lazily; the callers' in-flight caps and the command timeout bound what waits there.
 */
public final class RedisConnection implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RedisConnection.class.getName());
  /** Lettuce's own queue of written-but-unanswered commands; the callers cap theirs far below this. */
  private static final int REQUEST_QUEUE_SIZE = 65_536;

  private final RedisEndpoint endpoint;
  private final ClientResources resources;
  private final AbstractRedisClient client;
  private volatile StatefulConnection<byte[], byte[]> connection;
  private volatile RedisClusterAsyncCommands<byte[], byte[]> commands;
  private volatile boolean closed;

  private RedisConnection(RedisEndpoint endpoint) {
    this.endpoint = endpoint;
    Delay backoff = Delay.exponential(Duration.ofMillis(20), endpoint.maxReconnectDelay(), 2, TimeUnit.MILLISECONDS);
    this.resources = ClientResources.builder().reconnectDelay(backoff).build();
    this.client = endpoint.isCluster() ? clusterClient() : standaloneClient();
  }

  /** Starts connecting to {@code endpoint} in the background and returns at once. */
  public static RedisConnection open(RedisEndpoint endpoint) {
    RedisConnection c = new RedisConnection(endpoint);
    c.connect(Duration.ZERO);
    return c;
  }

  /** Whether a connection to Redis is up now. */
  public boolean isConnected() {
    StatefulConnection<byte[], byte[]> c = connection;
    return c != null && c.isOpen();
  }

  /** The asynchronous commands of the live connection, or null while there is none. */
  RedisClusterAsyncCommands<byte[], byte[]> commands() {
    return isConnected() ? commands : null;
  }

  /** Runs {@code task} after {@code delay} on one of the client's threads (which must never block). */
  void schedule(Runnable task, Duration delay) {
    if (closed) {
      return;
    }
    try {
      resources.eventExecutorGroup().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      // close() ran meanwhile: the task had nothing left to do.
    }
  }

  /**
   * Subscribes to {@code channel} on a connection of its own, retrying in the background until it works;
   * Lettuce re-subscribes after every reconnection.
   */
  void subscribe(byte[] channel, Consumer<byte[]> onMessage) {
    if (closed) {
      return;
    }
    connectPubSub().thenCompose(pubSub -> {
      if (closed) {
        pubSub.closeAsync();
        return java.util.concurrent.CompletableFuture.completedFuture(null);
      }
      pubSub.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(byte[] ch, byte[] message) {
          onMessage.accept(message);
        }
      });
      return pubSub.async().subscribe(channel).whenComplete((ok, err) -> {
        if (err != null) {
          pubSub.closeAsync();
        }
      });
    }).whenComplete((ok, err) -> {
      if (err != null) {
        LOG.log(System.Logger.Level.DEBUG, "subscribing to Redis failed, retrying: {0}", causes(err));
        schedule(() -> subscribe(channel, onMessage), endpoint.maxReconnectDelay());
      }
    });
  }

  /** Closes the connections and the client's threads, without waiting for them to stop. */
  @Override
  public void close() {
    closed = true;
    client.shutdownAsync(0, 2, TimeUnit.SECONDS).whenComplete((ok, err) -> resources.shutdown(0, 2, TimeUnit.SECONDS));
  }

  private void connect(Duration after) {
    if (closed) {
      return;
    }
    Runnable attempt = () -> connectAsync().whenComplete((c, err) -> {
      if (err != null) {
        LOG.log(System.Logger.Level.DEBUG, "connecting to Redis failed, retrying: {0}", causes(err));
        Duration next = after.isZero() ? Duration.ofMillis(50) : after.multipliedBy(2);
        connect(next.compareTo(endpoint.maxReconnectDelay()) > 0 ? endpoint.maxReconnectDelay() : next);
      } else if (closed) {
        c.closeAsync();
      } else {
        connection = c;
      }
    });
    if (after.isZero()) {
      attempt.run();
    } else {
      schedule(attempt, after);
    }
  }

  private CompletionStage<StatefulConnection<byte[], byte[]>> connectAsync() {
    if (client instanceof RedisClusterClient cluster) {
      // Lettuce's asynchronous cluster connect needs the topology loaded first (its issue #928).
      return cluster.refreshPartitionsAsync().thenCompose(loaded -> cluster.connectAsync(ByteArrayCodec.INSTANCE))
          .thenApply(this::adopt);
    }
    return ((RedisClient) client).connectAsync(ByteArrayCodec.INSTANCE, endpoint.uris().getFirst())
        .thenApply(this::adopt);
  }

  private StatefulConnection<byte[], byte[]> adopt(StatefulConnection<byte[], byte[]> c) {
    commands = c instanceof StatefulRedisClusterConnection<byte[], byte[]> cc ? cc.async()
        : ((StatefulRedisConnection<byte[], byte[]>) c).async();
    return c;
  }

  @SuppressWarnings("unchecked")
  private CompletionStage<StatefulRedisPubSubConnection<byte[], byte[]>> connectPubSub() {
    if (client instanceof RedisClusterClient cluster) {
      return cluster.refreshPartitionsAsync().thenCompose(loaded -> cluster.connectPubSubAsync(ByteArrayCodec.INSTANCE))
          .thenApply(c -> (StatefulRedisPubSubConnection<byte[], byte[]>) (Object) c);
    }
    return ((RedisClient) client).connectPubSubAsync(ByteArrayCodec.INSTANCE, endpoint.uris().getFirst());
  }

  private AbstractRedisClient standaloneClient() {
    RedisClient c = RedisClient.create(resources);
    c.setOptions(clientOptions(ClientOptions.builder()).build());
    return c;
  }

  private AbstractRedisClient clusterClient() {
    RedisClusterClient c = RedisClusterClient.create(resources, endpoint.uris());
    ClusterClientOptions.Builder b = ClusterClientOptions.builder();
    clientOptions(b);
    // Lettuce opens each node's connection on its first command and would reject the commands that opened it;
    // what waits meanwhile stays bounded by the callers' in-flight caps, the request queue and the command timeout.
    b.disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS);
    b.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
        .enableAllAdaptiveRefreshTriggers()
        .enablePeriodicRefresh(Duration.ofSeconds(30))
        .build());
    c.setOptions(b.build());
    return c;
  }

  private <B extends ClientOptions.Builder> B clientOptions(B b) {
    b.autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .requestQueueSize(REQUEST_QUEUE_SIZE)
        .timeoutOptions(TimeoutOptions.enabled(endpoint.commandTimeout()))
        .socketOptions(SocketOptions.builder().connectTimeout(endpoint.commandTimeout()).build());
    if (endpoint.trustedCertificates() != null) {
      b.sslOptions(SslOptions.builder().jdkSslProvider().trustManager(endpoint.trustedCertificates().toFile()).build());
    }
    return b;
  }

  /** The messages of an exception and its causes: Lettuce's outer message rarely says what went wrong. */
  static String causes(Throwable err) {
    StringBuilder text = new StringBuilder(err.toString());
    for (Throwable c = err.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      text.append(" <- ").append(c);
    }
    return text.toString();
  }

  @Override
  public String toString() {
    return "RedisConnection[" + endpoint + (isConnected() ? ", connected]" : ", not connected]");
  }
}

package dev.jtls.redis;

import dev.jtls.events.NodeError;
import io.lettuce.core.RedisURI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where Redis is and how to talk to it, as Lettuce URIs: {@code redis://[:password@]host:port[/db]},
 * {@code rediss://...} for TLS, {@code redis-sentinel://[:password@]host:port[,host2:port2]/db#masterName} for
 * Sentinel, and {@link #cluster} with one or more seed nodes for Redis Cluster. Immutable.
 *
 * <p>{@code commandTimeout} is how long Lettuce lets one command run before failing it; it is what finally
 * frees an in-flight slot when Redis hangs, so it stays short (default 1 s). Callers answer their own users
 * much sooner (see {@link SessionStoreOptions#resumeWait}).
 */
public final class RedisEndpoint {
  private final List<RedisURI> uris;
  private final boolean cluster;
  private final Duration commandTimeout;
  private final Duration maxReconnectDelay;
  private final Path trustedCertificates;

  private RedisEndpoint(List<RedisURI> uris, boolean cluster, Duration commandTimeout, Duration maxReconnectDelay,
      Path trustedCertificates) {
    this.uris = uris;
    this.cluster = cluster;
    this.commandTimeout = commandTimeout;
    this.maxReconnectDelay = maxReconnectDelay;
    this.trustedCertificates = trustedCertificates;
  }

  /** A standalone or Sentinel-managed Redis, from one Lettuce URI. */
  public static RedisEndpoint of(String uri) {
    return new RedisEndpoint(List.of(parse(uri)), false, Duration.ofSeconds(1), Duration.ofSeconds(2), null);
  }

  /** A Redis Cluster, from the URIs of one or more of its nodes (the rest are discovered). */
  public static RedisEndpoint cluster(String... seedUris) {
    if (seedUris.length == 0) {
      throw NodeError.invalidArgValue("seedUris", "[]", "must name at least one cluster node");
    }
    List<RedisURI> uris = java.util.Arrays.stream(seedUris).map(RedisEndpoint::parse).toList();
    return new RedisEndpoint(uris, true, Duration.ofSeconds(1), Duration.ofSeconds(2), null);
  }

  /** How long one Redis command may run before Lettuce fails it (default 1 s). */
  public RedisEndpoint commandTimeout(Duration timeout) {
    return new RedisEndpoint(uris, cluster, positive("commandTimeout", timeout), maxReconnectDelay,
        trustedCertificates);
  }

  /** The longest pause between two reconnection attempts while Redis is away (default 2 s). */
  public RedisEndpoint maxReconnectDelay(Duration delay) {
    return new RedisEndpoint(uris, cluster, commandTimeout, positive("maxReconnectDelay", delay),
        trustedCertificates);
  }

  /** PEM file of the CAs that sign the Redis server's certificate, for {@code rediss://} (default: the JDK's). */
  public RedisEndpoint trustedCertificates(Path pem) {
    return new RedisEndpoint(uris, cluster, commandTimeout, maxReconnectDelay, pem);
  }

  List<RedisURI> uris() {
    return uris;
  }

  boolean isCluster() {
    return cluster;
  }

  Duration commandTimeout() {
    return commandTimeout;
  }

  Duration maxReconnectDelay() {
    return maxReconnectDelay;
  }

  Path trustedCertificates() {
    return trustedCertificates;
  }

  private static RedisURI parse(String uri) {
    if (uri == null) {
      throw NodeError.invalidArgType("uri", "of type string", null);
    }
    try {
      return RedisURI.create(uri);
    } catch (IllegalArgumentException e) {
      // The URI may hold a password: show it without the user-info part.
      throw NodeError.invalidArgValue("uri", uri.replaceAll("//[^@/]*@", "//***@"), "is not a Redis URI");
    }
  }

  static Duration positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw NodeError.invalidArgValue(name, d, "must be a positive duration");
    }
    return d;
  }

  @Override
  public String toString() {
    // URIs may carry passwords; RedisURI.toString masks them.
    return "RedisEndpoint" + (cluster ? "[cluster " : "[") + uris + "]";
  }
}

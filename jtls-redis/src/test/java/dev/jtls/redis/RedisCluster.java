package dev.jtls.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster of three {@link RedisProcess} masters on loopback, no replicas, made by
 * {@code redis-cli --cluster create}.
 */
final class RedisCluster implements AutoCloseable {
  private final List<RedisProcess> nodes = new ArrayList<>();

  private RedisCluster() {}

  static RedisCluster start() throws Exception {
    RedisCluster cluster = new RedisCluster();
    try {
      // The bus port defaults to the port + 10000, which may be taken or beyond 65535: each node gets a free one,
      // the same again when it is restarted on its port.
      Map<Integer, Integer> busPorts = new ConcurrentHashMap<>();
      for (int i = 0; i < 3; i++) {
        cluster.nodes.add(RedisProcess.start(port -> List.of("--cluster-enabled", "yes", "--cluster-config-file",
            "nodes.conf", "--cluster-node-timeout", "2000", "--cluster-port",
            Integer.toString(busPorts.computeIfAbsent(port, p -> freePort())))));
      }
      List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
      cluster.nodes.forEach(n -> create.add("127.0.0.1:" + n.port()));
      create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      String out = run(create);
      assertTrue(out.contains("[OK] All 16384 slots covered"), out);
      cluster.awaitOk();
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  List<RedisProcess> nodes() {
    return nodes;
  }

  /** The URI of one node, from which Lettuce discovers the others. */
  String seedUri() {
    return nodes.get(0).uri();
  }

  /** Waits until every node reports {@code cluster_state:ok}. */
  void awaitOk() throws InterruptedException {
    for (RedisProcess n : nodes) {
      Await.until("cluster_state:ok on " + n.port(), () -> cli(n, "cluster", "info").contains("cluster_state:ok"));
    }
  }

  private static int freePort() {
    try {
      return RedisProcess.freePort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String cli(RedisProcess node, String... args) {
    List<String> cmd = new ArrayList<>(List.of("redis-cli", "-p", Integer.toString(node.port())));
    cmd.addAll(List.of(args));
    try {
      return run(cmd);
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static String run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(cmd + " did not finish");
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    nodes.forEach(RedisProcess::close);
  }
}

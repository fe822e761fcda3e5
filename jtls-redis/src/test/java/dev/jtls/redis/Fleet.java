package dev.jtls.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.tls.SelfSignedIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Three {@link FleetServer}s, each in its own JVM (the JDK and class path of this test), on their own ephemeral
 * ports, sharing one Redis, one certificate and one sealing key. {@link #close} ends them as an operator would and
 * checks they exited cleanly; whatever still runs then is killed.
 */
final class Fleet implements AutoCloseable {
  static final List<String> NAMES = List.of("A", "B", "C");
  private static final Pattern METRIC = Pattern.compile("(\\w+)=(\\S+)");

  private final Path dir;
  private final byte[] sealingKey = new byte[32];
  private final List<Child> servers = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();

  private Fleet(Path dir) {
    this.dir = dir;
    new SecureRandom().nextBytes(sealingKey);
  }

  /**
   * Starts the three servers on {@code redisUri} (a cluster node's URI when {@code cluster}) and waits until all
   * listen.
   */
  static Fleet start(String redisUri, boolean cluster) throws IOException, InterruptedException {
    Fleet fleet = new Fleet(Files.createTempDirectory("jtls-fleet"));
    try {
      SelfSignedIdentity identity = SelfSignedIdentity.generate("localhost");
      Files.writeString(fleet.keyFile(), identity.keyPem());
      Files.writeString(fleet.caFile(), identity.certPem());
      // This module's warnings (a callback that threw) reach stderr, which assertHealthy reads; Lettuce's notices
      // of a Redis that went away are expected here, since the tests kill Redis on purpose.
      Files.writeString(fleet.dir.resolve("logging.properties"), """
          handlers=java.util.logging.ConsoleHandler
          .level=INFO
          io.lettuce.level=SEVERE
          io.netty.level=SEVERE
          """);
      for (String name : NAMES) {
        fleet.servers.add(Child.start("fleet server " + name, fleet.command(name, redisUri, cluster)));
      }
      for (Child server : fleet.servers) {
        fleet.ports.add(Integer.parseInt(server.awaitLine("listening \\d+").substring("listening ".length())));
      }
      // Until then each server seals tickets under keys of its own.
      Await.until("every server on the fleet's shared ticket keys", () -> fleet.keyNames().size() == 1);
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      fleet.kill();
      throw e;
    }
    return fleet;
  }

  private List<String> command(String name, String redisUri, boolean cluster) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    command.add("-Djava.util.logging.config.file=" + dir.resolve("logging.properties"));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), FleetServer.class.getName(),
        "name=" + name, "redis=" + redisUri, "cluster=" + cluster, "key=" + keyFile(), "cert=" + caFile(),
        "seal=" + HexFormat.of().formatHex(sealingKey), "poll=200"));
    return command;
  }

  private Path keyFile() {
    return dir.resolve("key.pem");
  }

  /** The servers' self-signed certificate, which clients trust as their CA. */
  Path caFile() {
    return dir.resolve("cert.pem");
  }

  Path dir() {
    return dir;
  }

  byte[] sealingKey() {
    return sealingKey.clone();
  }

  int port(int server) {
    return ports.get(server);
  }

  /** The counters server {@code server} prints on request (see {@link FleetServer}). */
  Map<String, String> metrics(int server) {
    Child child = servers.get(server);
    int from = child.stdout().size();
    child.writeLine("metrics");
    int at = child.awaitLine("metrics .*", from);
    String line = child.stdout().get(at);
    Map<String, String> metrics = new HashMap<>();
    Matcher m = METRIC.matcher(line);
    while (m.find()) {
      metrics.put(m.group(1), m.group(2));
    }
    return metrics;
  }

  /** The names of the ticket keys the servers seal under now: one name when they all share the same keys. */
  Set<String> keyNames() {
    Set<String> names = new HashSet<>();
    for (int server = 0; server < servers.size(); server++) {
      names.add(metrics(server).get("keyName"));
    }
    return names;
  }

  long metric(int server, String name) {
    return Long.parseLong(metrics(server).get(name));
  }

  /**
   * Every server still runs, no exception reached a thread of theirs, and nothing was logged (SLF4J's notice that
   * it has no binding aside).
   */
  void assertHealthy() {
    for (Child server : servers) {
      assertTrue(server.isAlive(), server.name() + " exited: " + server.stderrText());
      assertTrue(server.stdout().stream().noneMatch(l -> l.startsWith("UNCAUGHT")),
          server.name() + ": " + server.stdout() + "\n" + server.stderrText());
      assertEquals(List.of(), server.stderrLines().stream().filter(l -> !l.startsWith("SLF4J: ")).toList(),
          server.name() + " wrote on stderr");
    }
  }

  /**
   * Ends A and B through end of input and C with SIGTERM, the two ways an operator stops a server, and checks
   * each closed its server and Redis first (SIGTERM's status is 128 + 15).
   */
  @Override
  public void close() {
    try {
      servers.get(0).closeStdin();
      servers.get(1).closeStdin();
      servers.get(2).terminate();
      for (int i = 0; i < servers.size(); i++) {
        Child server = servers.get(i);
        assertEquals(i < 2 ? 0 : 143, server.awaitExit(), server.name() + ": " + server.stdout() + "\n"
            + server.stderrText());
        server.awaitLine("closed");
      }
    } finally {
      kill();
    }
  }

  private void kill() {
    servers.forEach(Child::close);
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // Already gone.
    }
  }
}

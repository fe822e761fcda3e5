package dev.jtls.net;

import static dev.jtls.net.LoopTesting.TIMEOUT_SECONDS;
import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.call;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same transport against Node's own net module, as server and as client, over TCP and Unix sockets. */
class NetNodeInteropTest extends NetTestBase {
  /** Node client: sends N pseudo-random bytes (seeded), prints the sha256 and length of what comes back. */
  private static final String NODE_CLIENT = """
      const net = require('net'), crypto = require('crypto');
      const [target, size] = [process.argv[1], Number(process.argv[2])];
      const socket = /^[0-9]+$/.test(target) ? net.connect(Number(target), '127.0.0.1') : net.connect(target);
      const hash = crypto.createHash('sha256'); let length = 0;
      socket.on('data', d => { hash.update(d); length += d.length; });
      socket.on('end', () => console.log(hash.digest('hex') + ' ' + length));
      socket.on('error', e => { console.log('error ' + e.code); process.exit(1); });
      socket.end(Buffer.alloc(size, 'jtls'));
      """;
  /** Node server: echoes each connection and prints its port. */
  private static final String NODE_ECHO_SERVER = """
      const net = require('net');
      const server = net.createServer(c => c.pipe(c));
      server.listen(0, '127.0.0.1', () => console.log(server.address().port));
      process.stdin.on('end', () => process.exit(0)); process.stdin.resume();
      """;

  private final List<Process> processes = new ArrayList<>();

  @TempDir
  Path dir;

  @BeforeAll
  static void nodeIsInstalled() {
    boolean available;
    try {
      available = new ProcessBuilder("node", "--version").start().waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      available = false;
    }
    Assumptions.assumeTrue(available, "node is not on PATH");
  }

  @AfterEach
  void stopProcesses() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
      p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
  }

  private Process node(String script, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("node", "-e", script));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    processes.add(p);
    return p;
  }

  private static String firstLine(Process p) {
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
    return await(line);
  }

  private static String expectedDigest(int size) throws Exception {
    byte[] payload = new byte[size];
    byte[] pattern = "jtls".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < size; i++) {
      payload[i] = pattern[i % pattern.length];
    }
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload)) + " " + size;
  }

  @Test
  void nodeClientTalksToOurTcpServer() throws Exception {
    NetServer server = echoServer(new NetServerOptions());
    int size = 3 * 1024 * 1024;
    Process client = node(NODE_CLIENT, Integer.toString(port(server)), Integer.toString(size));
    assertEquals(expectedDigest(size), firstLine(client));
  }

  @Test
  void nodeClientTalksToOurUnixServer() throws Exception {
    String path = dir.resolve("interop.sock").toString();
    NetServer server = server(new NetServerOptions(), socket -> socket.pipe(socket));
    CompletableFuture<Void> listening = new CompletableFuture<>();
    run(loop, () -> server.listen(path, () -> listening.complete(null)));
    await(listening);
    int size = 256 * 1024;
    Process client = node(NODE_CLIENT, path, Integer.toString(size));
    assertEquals(expectedDigest(size), firstLine(client));
  }

  @Test
  void ourClientTalksToNodesServer() throws Exception {
    Process server = node(NODE_ECHO_SERVER);
    int port = Integer.parseInt(firstLine(server));
    byte[] payload = new byte[2 * 1024 * 1024];
    new Random(7).nextBytes(payload);
    SocketRecorder client = connectRecorded(new NetConnectOptions().host("127.0.0.1").port(port));
    run(loop, () -> client.socket.end(payload));
    assertEquals(false, await(client.closed));
    assertArrayEquals(payload, client.data.toByteArray());
    // our 'finish' may come before or among the echoed data; everything else is in Node's order
    assertEquals(List.of("connect", "ready", "data", "end", "close:false"),
        client.events.stream().filter(e -> !e.equals("finish")).toList());
    assertTrue(client.events.contains("finish"));
    assertEquals((long) payload.length, call(loop, client.socket::bytesWritten));
  }
}

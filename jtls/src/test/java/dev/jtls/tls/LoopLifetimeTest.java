package dev.jtls.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

/**
 * The event loop keeps a JVM alive exactly as long as Node's would keep its process: a {@code main}
 * that returns right after {@code listen} leaves a serving server, and a program whose last handle
 * closes exits by itself. Each case runs a small program in a child JVM.
 */
class LoopLifetimeTest {
  @Test
  void mainMayReturnAfterListenAndTheServerKeepsServing() throws Exception {
    Process child = start("serve");
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      List<String> lines = List.of(out.readLine(), out.readLine());
      assertTrue(lines.contains("main returned"), "child output: " + lines);
      String listening = lines.stream().filter(l -> l.startsWith("listening ")).findFirst().orElseThrow();
      int port = Integer.parseInt(listening.substring("listening ".length()));
      assertEquals("pong", roundTrip(port));
      assertTrue(child.isAlive(), "the JVM still runs: the listening server keeps it alive");
    } finally {
      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void theJvmExitsOnItsOwnOnceTheLastHandleIsClosed() throws Exception {
    Process child = start("serveOnce");
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      int port = Integer.parseInt(out.readLine().substring("listening ".length()));
      assertEquals("pong", roundTrip(port));
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the JVM exits once server and socket are closed");
      assertEquals(0, child.exitValue());
    } finally {
      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aServerOverAGroupOfLoopsEndsTheJvmAsOneLoopDoes() throws Exception {
    Process child = start("serveTwiceOnLoops");
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      int port = Integer.parseInt(out.readLine().substring("listening ".length()));
      assertEquals("pong", roundTrip(port));
      assertEquals("pong", roundTrip(port));
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the JVM exits once the server and its connections on every loop closed");
      assertEquals(0, child.exitValue());
    } finally {
      child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** One TLS round trip with the JDK's own client, so the child is the only jtls in play. */
  private static String roundTrip(int port) throws Exception {
    SSLContext jdk = SSLContext.getInstance("TLS");
    jdk.init(null, new TrustManager[] {new TrustEverything()}, null);
    try (SSLSocket socket = (SSLSocket) jdk.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.getOutputStream().write("ping".getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      byte[] reply = socket.getInputStream().readNBytes(4);
      return new String(reply, StandardCharsets.UTF_8);
    }
  }

  private static Process start(String mode) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(LifetimeProgram.class.getName());
    command.add(mode);
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  /** Trusts any server: this test is about process lifetime, not verification. */
  private static final class TrustEverything implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}

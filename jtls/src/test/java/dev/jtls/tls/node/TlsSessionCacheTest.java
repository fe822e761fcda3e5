package dev.jtls.tls.node;

import static dev.jtls.net.LoopTesting.await;
import static dev.jtls.net.LoopTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.jtls.net.EventLoop;
import dev.jtls.stream.Duplex;
import dev.jtls.tls.ServerOptions;
import dev.jtls.tls.Tls;
import dev.jtls.tls.TlsServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Node's test-tls-session-cache.js: {@code openssl s_client -reconnect} connects six times to a
 * server whose newSession / resumeSession listeners answer asynchronously (on a later loop turn).
 * Without tickets the first connection makes the one stored session and the five others resume it;
 * with tickets neither event is emitted; with a store answering garbage every connection is a new
 * session. Node's version runs TLSv1 with a client certificate; here TLSv1.2 without one (a server
 * that requests certificates resumes only with a session ID context, the contexts issue's option).
 */
class TlsSessionCacheTest {
  private static final Path PKI = Path.of("src/test/resources/pki").toAbsolutePath();

  record Stored(byte[] id, byte[] data) {}

  @ParameterizedTest
  @CsvSource({"false,false", "true,false", "false,true"})
  void reconnects(boolean tickets, boolean invalidSession) throws IOException, InterruptedException {
    EventLoop loop = EventLoop.defaultLoop();
    AtomicInteger requests = new AtomicInteger();
    AtomicInteger resumes = new AtomicInteger();
    AtomicInteger newSessions = new AtomicInteger();
    AtomicReference<Stored> session = new AtomicReference<>();
    List<String> problems = new CopyOnWriteArrayList<>();
    CompletableFuture<TlsServer> listening = new CompletableFuture<>();
    run(loop, () -> {
      TlsServer server = Tls.createServer(new ServerOptions().key(PKI.resolve("server.key"))
          .cert(PKI.resolve("server-chain.pem")), socket -> {
            socket.on(Duplex.ERROR, e -> {});
            requests.incrementAndGet();
            socket.end();
          });
      server.on(TlsServer.NEW_SESSION, e -> {
        newSessions.incrementAndGet();
        loop.execute(() -> {
          if (session.get() != null) {
            problems.add("a second session was stored");
          }
          session.set(new Stored(e.sessionId(), e.sessionData()));
          e.callback().run();
        });
      });
      server.on(TlsServer.RESUME_SESSION, e -> {
        resumes.incrementAndGet();
        Stored stored = session.get();
        if (stored == null || !Arrays.equals(stored.id(), e.sessionId())) {
          problems.add("resumeSession for an ID that was not stored");
          e.callback().accept(null, null);
          return;
        }
        byte[] data = stored.data();
        if (invalidSession) {
          data = "INVALID SESSION".getBytes(StandardCharsets.US_ASCII);
          session.set(null);
        }
        byte[] answer = data;
        loop.execute(() -> e.callback().accept(null, answer));
      });
      server.listen(0, "127.0.0.1", () -> listening.complete(server));
    });
    TlsServer server = await(listening);
    try {
      List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-tls1_2", "-connect",
          "127.0.0.1:" + server.address().port(), "-servername", "ohgod", "-reconnect"));
      if (!tickets) {
        command.add("-no_ticket");
      }
      Process client = new ProcessBuilder(command).redirectErrorStream(true).start();
      client.getOutputStream().close();
      String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      client.waitFor(60, TimeUnit.SECONDS);
      assertEquals(0, client.exitValue(), output);
      Matcher handshake = Pattern.compile("^(New|Reused), TLSv1\\.2", Pattern.MULTILINE).matcher(output);
      int reused = 0;
      while (handshake.find()) {
        reused += handshake.group(1).equals("Reused") ? 1 : 0;
      }
      assertEquals(invalidSession ? 0 : 5, reused, output);
    } finally {
      CompletableFuture<Void> closed = new CompletableFuture<>();
      run(loop, () -> server.close(e -> closed.complete(null)));
      await(closed);
    }
    assertEquals(List.of(), problems);
    // Each run connects six times: an initial request and five reconnects.
    assertEquals(6, requests.get());
    if (tickets) {
      assertEquals(0, resumes.get());
      assertEquals(0, newSessions.get());
    } else if (invalidSession) {
      assertEquals(5, resumes.get());
      assertEquals(6, newSessions.get());
    } else {
      assertNotNull(session.get());
      assertEquals(5, resumes.get());
      assertEquals(1, newSessions.get());
    }
  }
}

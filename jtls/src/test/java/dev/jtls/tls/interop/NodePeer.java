package dev.jtls.tls.interop;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node peer script (tls-server.js, tls-client.js) and the JSON events it prints, one per line:
 * the base of both node peers.
 */
abstract class NodePeer implements AutoCloseable {
  private static final Path SCRIPTS = Path.of("src/test/resources/node").toAbsolutePath();

  final PeerProcess process;

  NodePeer(String script, Path workDir, Map<String, ?> options) {
    this.process = PeerProcess.start("node " + script, workDir,
        List.of("node", SCRIPTS.resolve(script).toString(), JsonLine.write(options)));
  }

  /** The events printed so far (complete lines only). */
  private static List<Map<String, Object>> events(PeerProcess p) {
    String out = p.stdoutText();
    return out.substring(0, out.lastIndexOf('\n') + 1).lines().map(JsonLine::parse).toList();
  }

  /** Waits for the first event named {@code name} and returns its members. */
  final Map<String, Object> awaitEvent(String name) {
    return process.await("a '" + name + "' event",
        p -> events(p).stream().filter(e -> name.equals(e.get("event"))).findFirst());
  }

  /** Waits until the bytes of the 'data' events contain {@code expected}. */
  final void awaitData(byte[] expected) {
    process.await(expected.length + " bytes of data", p -> {
      ByteArrayOutputStream data = new ByteArrayOutputStream();
      events(p).stream().filter(e -> "data".equals(e.get("event")))
          .forEach(e -> data.writeBytes(Base64.getDecoder().decode((String) e.get("base64"))));
      return Payloads.contains(data.toByteArray(), expected) ? Optional.of(true) : Optional.empty();
    });
  }

  /** The names of the events printed so far, in order. */
  final List<String> eventNames() {
    return events(process).stream().map(e -> (String) e.get("event")).toList();
  }

  /** The connection facts a 'secureConnection' or 'secureConnect' event carries. */
  static Handshake handshake(Map<String, Object> event) {
    return new Handshake((String) event.get("protocol"), (String) event.get("cipher"), (String) event.get("servername"),
        Boolean.TRUE.equals(event.get("authorized")), (String) event.get("peerCommonName"));
  }

  public final void close() {
    process.close();
  }
}

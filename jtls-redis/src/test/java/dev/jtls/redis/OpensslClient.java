package dev.jtls.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code openssl s_client} carrying its session between fleet servers in a file ({@code -sess_out} /
 * {@code -sess_in}).
 */
final class OpensslClient {
  private static final Pattern HANDSHAKE = Pattern.compile("^(New|Reused), TLSv1\\.[23]", Pattern.MULTILINE);

  private final Path ca;
  private final String version;
  private final boolean tickets;

  OpensslClient(Path ca, String version, boolean tickets) {
    this.ca = ca;
    this.version = version;
    this.tickets = tickets;
  }

  /**
   * One connection to {@code port}, reading until the server ends it (so a TLSv1.3 ticket, which comes after
   * the handshake, is in the file), with the session read from / written to {@code session}. Returns
   * {@code "New"} or {@code "Reused"}.
   */
  String connect(int port, Path session, boolean resume) {
    List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
        "-servername", "localhost", "-CAfile", ca.toString(), "-verify_return_error",
        version.equals("TLSv1.2") ? "-tls1_2" : "-tls1_3", resume ? "-sess_in" : "-sess_out", session.toString()));
    if (!tickets) {
      command.add("-no_ticket");
    }
    // Its input stays open: s_client leaves when the server closes the connection, after the ticket came.
    try (Child client = Child.start("openssl s_client", command)) {
      assertEquals(0, client.awaitExit(), client.stdout() + "\n" + client.stderrText());
      String out = String.join("\n", client.stdout());
      Matcher m = HANDSHAKE.matcher(out);
      if (!m.find()) {
        throw new AssertionError("no handshake line: " + out);
      }
      if (!out.contains("hello from")) {
        throw new AssertionError("no reply from the server: " + out);
      }
      return m.group(1);
    }
  }
}

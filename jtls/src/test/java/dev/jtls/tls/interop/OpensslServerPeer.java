package dev.jtls.tls.interop;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code openssl s_server} in its verbose mode: it prints the session (decoded here with
 * {@code openssl sess_id} for the protocol), "CIPHER is ...", the client certificate's subject,
 * the SNI name when it has a second context for one, then the raw bytes it receives, and "DONE"
 * when the client sends close_notify. What is written to its stdin goes to the client.
 */
final class OpensslServerPeer implements ServerPeer {
  private static final Pattern SESSION =
      Pattern.compile("-----BEGIN SSL SESSION PARAMETERS-----.*?-----END SSL SESSION PARAMETERS-----\n", Pattern.DOTALL);

  private final PeerProcess process;
  private final Path workDir;
  private final int port;

  private OpensslServerPeer(PeerProcess process, Path workDir, int port) {
    this.process = process;
    this.workDir = workDir;
    this.port = port;
  }

  static OpensslServerPeer start(ServerSetup setup, Path workDir) {
    Identity id = setup.identity;
    // -build_chain completes each context's chain from -CAfile (root and intermediate); a chain file would only serve the first.
    List<String> command = new ArrayList<>(List.of("openssl", "s_server", "-naccept", "1",
        "-cert", id.leaf().toString(), "-key", id.key().toString(), "-build_chain", "-CAfile", Identity.CA_BUNDLE.toString()));
    if (setup.path != null) {
      // Relative to its working directory: s_server fails to print a socket path of 32 characters or more.
      command.addAll(List.of("-unix", workDir.relativize(setup.path).toString()));
    } else {
      command.addAll(List.of("-accept", "127.0.0.1:0"));
    }
    if (setup.requireClientCert) {
      command.addAll(List.of("-Verify", "2", "-verify_return_error"));
    }
    if ("TLSv1.2".equals(setup.maxVersion)) {
      command.add("-no_tls1_3");
    }
    if (setup.clientRenegotiation) {
      command.add("-client_renegotiation");
    }
    if (setup.ciphers != null) {
      command.addAll(List.of("-cipher", setup.ciphers));
    }
    if (setup.servername != null) {
      // s_server reports the SNI name only when it has a context to switch to for it; the same identity serves.
      command.addAll(List.of("-servername", setup.servername, "-servername_fatal", "-cert2", id.leaf().toString(),
          "-key2", id.key().toString()));
    }
    if (setup.keylogFile != null) {
      command.addAll(List.of("-keylogfile", setup.keylogFile.toString()));
    }
    PeerProcess process = PeerProcess.start("openssl s_server", workDir, command);
    String accept = process.awaitLine("ACCEPT.*");
    int port = setup.path != null ? 0 : Integer.parseInt(accept.substring(accept.lastIndexOf(':') + 1));
    return new OpensslServerPeer(process, workDir, port);
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public Handshake awaitHandshake() {
    String cipher = process.awaitLine("CIPHER is .*").substring("CIPHER is ".length());
    String out = process.stdoutText();
    Matcher session = SESSION.matcher(out);
    if (!session.find()) {
      throw new AssertionError("no session in s_server's output:\n" + out);
    }
    String protocol = sessionProtocol(session.group());
    Optional<String> sni = group(out, "Hostname in TLS extension: \"(.*)\"");
    Optional<String> peer = group(out, "Client certificate\n(?s:.*?)\nsubject=.*CN = ([^,\n]*)");
    // -verify_return_error aborts the handshake when the client's certificate does not verify.
    return new Handshake(protocol, cipher, sni.orElse(null), peer.isPresent(), peer.orElse(null));
  }

  private String sessionProtocol(String pem) {
    try (PeerProcess sessId = PeerProcess.start("openssl sess_id", workDir, List.of("openssl", "sess_id", "-noout", "-text"))) {
      sessId.write(pem.getBytes(StandardCharsets.US_ASCII));
      sessId.closeStdin();
      return sessId.awaitLine("\\s*Protocol\\s*: .*").replaceFirst("\\s*Protocol\\s*: ", "");
    }
  }

  private static Optional<String> group(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  @Override
  public void send(byte[] data) {
    process.write(data);
  }

  /**
   * Gives s_server one of its single-letter stdin commands ('r' renegotiate, 'K' key update
   * requesting the peer's, ...). It must reach s_server as a read of its own: before writing
   * more to stdin, wait for data the client sent after this call (s_server serves stdin first).
   */
  void command(char letter) {
    process.write(new byte[] {(byte) letter, '\n'});
  }

  /** Waits for s_server's closing statistics to count {@code count} completed handshakes. */
  void awaitCompletedHandshakes(int count) {
    process.awaitLine("\\s*" + count + " server accepts that finished");
  }

  @Override
  public void awaitReceived(byte[] expected) {
    process.awaitStdout(expected);
  }

  /** s_server's "DONE" may follow received bytes on the same line; "shutting down SSL" comes next. */
  @Override
  public void awaitClientEnd() {
    process.await("DONE", p -> p.stdoutText().contains("DONE\nshutting down SSL\n") ? Optional.of(true) : Optional.empty());
  }

  @Override
  public void close() {
    process.close();
  }
}

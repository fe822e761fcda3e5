package dev.jtls.tls.interop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code openssl s_client -brief}: the connection summary goes to stderr, the bytes received go
 * to stdout untouched; stdin is sent as is (no command letters unless asked for) and its end closes the connection.
 * It trusts the test root.
 */
final class OpensslClientPeer implements ClientPeer {
  private final PeerProcess process;

  private OpensslClientPeer(PeerProcess process) {
    this.process = process;
  }

  static OpensslClientPeer start(ClientSetup setup, Path workDir) {
    List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-brief", "-no_ign_eof",
        "-CAfile", Identity.ROOT_CA.toString()));
    if (!setup.commandLetters) {
      command.add("-nocommands");
    }
    if (setup.path != null) {
      command.addAll(List.of("-unix", setup.path.toString()));
    } else {
      command.addAll(List.of("-connect", "127.0.0.1:" + setup.port));
    }
    if (setup.servername != null) {
      command.addAll(List.of("-servername", setup.servername));
    } else {
      command.add("-noservername");
    }
    if (setup.identity != null) {
      command.addAll(List.of("-cert", setup.identity.leaf().toString(), "-key", setup.identity.key().toString(),
          "-cert_chain", Identity.INTERMEDIATE_CA.toString()));
    }
    if ("TLSv1.2".equals(setup.maxVersion)) {
      command.add("-no_tls1_3");
    }
    if (setup.ciphers != null) {
      command.addAll(List.of("-cipher", setup.ciphers));
    }
    return new OpensslClientPeer(PeerProcess.start("openssl s_client", workDir, command));
  }

  @Override
  public Handshake awaitHandshake() {
    String verification = process.awaitLine("Verification( error)?: .*");
    String summary = process.stderrText();
    return new Handshake(field(summary, "Protocol version: (.*)"), field(summary, "Ciphersuite: (.*)"), null,
        verification.equals("Verification: OK"), field(summary, "Peer certificate: .*CN = ([^,\n]*)"));
  }

  private static String field(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.find() ? m.group(1) : null;
  }

  @Override
  public void send(byte[] data) {
    process.write(data);
  }

  @Override
  public void awaitReceived(byte[] expected) {
    process.await(expected.length + " bytes from the server",
        p -> Payloads.contains(p.stdout(), expected) ? Optional.of(true) : Optional.empty());
  }

  @Override
  public void end() {
    process.closeStdin();
  }

  @Override
  public void awaitServerEnd() {
    process.awaitLine("DONE");
    int status = process.awaitExit();
    if (status != 0) {
      throw new AssertionError("s_client exited with " + status + ":\n" + process.stderrText());
    }
  }

  @Override
  public String awaitFailure() {
    int status = process.awaitExit();
    if (status == 0) {
      throw new AssertionError("s_client succeeded:\n" + process.stderrText());
    }
    return process.stderrText();
  }

  @Override
  public void close() {
    process.close();
  }
}

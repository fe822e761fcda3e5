package dev.jtls.tls.interop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code openssl s_client -brief}: the connection summary goes to stderr, the bytes received go
 * to stdout untouched; stdin is sent as is (command letters only with {@link ClientSetup#commands})
 * and its end sends close_notify and closes the connection at once. It trusts the test root.
 */
final class OpensslClientPeer extends ProcessClientPeer {
  private OpensslClientPeer(PeerProcess process) {
    super(process, "DONE");
  }

  static OpensslClientPeer start(ClientSetup setup, Path workDir) {
    List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-brief", "-no_ign_eof",
        "-CAfile", Identity.ROOT_CA.toString()));
    if (!setup.commands) {
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

  /** Gives s_client one of its single-letter stdin commands; it must reach s_client as a read of its own. */
  void command(char letter) {
    process.write(new byte[] {(byte) letter, '\n'});
  }
}

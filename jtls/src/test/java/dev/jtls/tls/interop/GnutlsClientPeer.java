package dev.jtls.tls.interop;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code gnutls-cli} in its simple client mode, trusting the test root and checking the name it
 * connects to (the certificates name 127.0.0.1): the session report and the bytes received go to
 * stdout; stdin is sent as is, its end sends close_notify. With {@code --inline-commands},
 * "^rekey1^" on a line of its own sends a KeyUpdate that requests one in return.
 */
final class GnutlsClientPeer extends ProcessClientPeer implements ReportsAlpn {
  private static final String CLOSED = "- Peer has closed the GnuTLS connection";

  private GnutlsClientPeer(PeerProcess process) {
    super(process, CLOSED);
  }

  static GnutlsClientPeer start(ClientSetup setup, Path workDir) {
    if (setup.path != null || setup.ciphers != null) {
      throw new IllegalArgumentException("gnutls-cli: no Unix socket, and priority strings are not OpenSSL cipher lists");
    }
    List<String> command = new ArrayList<>(List.of("gnutls-cli", "--inline-commands", "--x509cafile",
        Identity.ROOT_CA.toString(), "--port", String.valueOf(setup.port)));
    if (setup.servername != null) {
      command.add("--sni-hostname=" + setup.servername);
    }
    if (setup.identity != null) {
      command.addAll(List.of("--x509certfile", setup.identity.chain().toString(), "--x509keyfile",
          setup.identity.key().toString()));
    }
    if ("TLSv1.2".equals(setup.maxVersion)) {
      command.add("--priority=NORMAL:-VERS-TLS1.3");
    }
    command.addAll(GnutlsReport.alpnOptions(setup.alpnProtocols));
    command.add("127.0.0.1");
    return new GnutlsClientPeer(PeerProcess.start("gnutls-cli", workDir, command));
  }

  @Override
  public Handshake awaitHandshake() {
    String out = report();
    Optional<String> peer = GnutlsReport.group(out, "- Certificate\\[0\\] info:\n - subject `CN=([^,']*)");
    return GnutlsReport.handshake(out, null, out.contains("- Status: The certificate is trusted."), peer.orElse(null));
  }

  private String report() {
    process.awaitLine("- Handshake was completed");
    return process.stdoutText();
  }

  @Override
  public String alpnProtocol() {
    return GnutlsReport.alpnProtocol(report());
  }

  /** Sends a KeyUpdate requesting the server's: the command must reach gnutls-cli as a read of its own. */
  void keyUpdate() {
    process.write("^rekey1^\n".getBytes(StandardCharsets.US_ASCII));
  }
}

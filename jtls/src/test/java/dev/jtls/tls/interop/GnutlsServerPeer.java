package dev.jtls.tls.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code gnutls-serv --echo}: it prints each session's description and the client's certificate (when
 * it asks for one) on stdout, each chunk it receives on stderr ("received cmd: ..."), and sends every chunk back.
 * It has no stdin: it cannot send data of its own, renegotiate or update keys on demand; and it
 * prints nothing when a client ends the connection.
 */
final class GnutlsServerPeer implements ServerPeer, ReportsAlpn {
  private final PeerProcess process;
  private final int port;

  private GnutlsServerPeer(PeerProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  static GnutlsServerPeer start(ServerSetup setup, Path workDir) {
    if (setup.path != null || setup.ciphers != null || setup.servername != null) {
      throw new IllegalArgumentException("gnutls-serv: no Unix socket, no OpenSSL cipher list, and no report of the SNI name");
    }
    List<String> command = new ArrayList<>(List.of("gnutls-serv", "--echo", "--port", "0",
        "--x509certfile", setup.identity.chain().toString(), "--x509keyfile", setup.identity.key().toString()));
    if (setup.requireClientCert) {
      command.addAll(List.of("--require-client-cert", "--verify-client-cert", "--x509cafile", Identity.ROOT_CA.toString()));
    } else {
      command.add("--disable-client-cert");
    }
    if ("TLSv1.2".equals(setup.maxVersion)) {
      command.add("--priority=NORMAL:-VERS-TLS1.3");
    }
    command.addAll(GnutlsReport.alpnOptions(setup.alpnProtocols));
    if (setup.exportLabel != null) {
      command.addAll(List.of("--keymatexport", setup.exportLabel, "--keymatexportsize", String.valueOf(setup.exportLength)));
    }
    // GnuTLS logs its secrets where SSLKEYLOGFILE says.
    Map<String, String> environment = setup.keylogFile == null ? Map.of() : Map.of("SSLKEYLOGFILE", setup.keylogFile.toString());
    PeerProcess process = PeerProcess.start("gnutls-serv", workDir, command, environment);
    process.awaitLine("Echo Server listening on IPv4 .*done");
    return new GnutlsServerPeer(process, listeningPort(process.pid()));
  }

  /** gnutls-serv prints the port it was asked for (0): the kernel's table of its sockets says which it got. */
  static int listeningPort(long pid) {
    try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      Set<String> inodes = fds.map(GnutlsServerPeer::link).filter(l -> l.startsWith("socket:["))
          .map(l -> l.substring("socket:[".length(), l.length() - 1)).collect(Collectors.toSet());
      // /proc/net/tcp: "sl local_address rem_address st ... inode"; st 0A is LISTEN, the port is hex.
      return Files.readAllLines(Path.of("/proc/" + pid + "/net/tcp")).stream().skip(1).map(l -> l.trim().split("\\s+"))
          .filter(f -> f[3].equals("0A") && inodes.contains(f[9]))
          .mapToInt(f -> Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16)).findFirst()
          .orElseThrow(() -> new AssertionError("gnutls-serv " + pid + " listens on no IPv4 port"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String link(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString();
    } catch (IOException e) {
      return ""; // closed since it was listed
    }
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public Handshake awaitHandshake() {
    String out = report();
    Optional<String> peer = GnutlsReport.commonNameOfPem(out, "- Certificate[0] info:");
    // --verify-client-cert ends the handshake when the client's certificate does not verify.
    return GnutlsReport.handshake(out, null, peer.isPresent() && out.contains("- Status: The certificate is trusted."),
        peer.orElse(null));
  }

  private String report() {
    process.awaitLine("- Channel bindings"); // the last part of each session's report
    return process.stdoutText();
  }

  @Override
  public String alpnProtocol() {
    return GnutlsReport.alpnProtocol(report());
  }

  /** The keying material ServerSetup.exportKeyingMaterial asked for, in hex, as printed with the session. */
  String keyingMaterial() {
    return process.awaitLine("- Key material: .*").substring("- Key material: ".length());
  }

  @Override
  public void send(byte[] data) {
    throw new UnsupportedOperationException("gnutls-serv --echo sends only what it receives");
  }

  /** Each chunk received is printed on stderr after "received cmd: ", so text short enough for one chunk shows up. */
  @Override
  public void awaitReceived(byte[] expected) {
    process.await(expected.length + " bytes from the client",
        p -> Payloads.contains(p.stderrText().getBytes(StandardCharsets.ISO_8859_1), expected) ? Optional.of(true) : Optional.empty());
  }

  @Override
  public void awaitClientEnd() {
    throw new UnsupportedOperationException("gnutls-serv prints nothing when a client ends the connection");
  }

  @Override
  public void close() {
    process.close();
  }
}

package dev.jtls.tls.interop;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A Node TLS server (tls-server.js) with {@code tls.createServer}'s own options. */
final class NodeServerPeer extends NodePeer implements ServerPeer {
  private final int port;

  private NodeServerPeer(ServerSetup setup, Path workDir) {
    super("tls-server.js", workDir, options(setup));
    Object listening = awaitEvent("listening").get("port");
    this.port = listening == null ? 0 : ((Long) listening).intValue();
  }

  static NodeServerPeer start(ServerSetup setup, Path workDir) {
    return new NodeServerPeer(setup, workDir);
  }

  private static Map<String, Object> options(ServerSetup setup) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("key", setup.identity.key().toString());
    o.put("cert", setup.identity.chain().toString());
    if (setup.requireClientCert) {
      o.put("ca", Identity.ROOT_CA.toString());
      o.put("requestCert", true);
      o.put("rejectUnauthorized", true);
    }
    if (setup.maxVersion != null) {
      o.put("maxVersion", setup.maxVersion);
    }
    if (setup.ciphers != null) {
      o.put("ciphers", setup.ciphers);
    }
    if (setup.path != null) {
      o.put("path", setup.path.toString());
    }
    return o;
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public Handshake awaitHandshake() {
    return handshake(awaitEvent("secureConnection"));
  }

  @Override
  public void send(byte[] data) {
    process.write(data);
  }

  @Override
  public void awaitReceived(byte[] expected) {
    awaitData(expected);
  }

  @Override
  public void awaitClientEnd() {
    awaitEvent("end");
  }
}

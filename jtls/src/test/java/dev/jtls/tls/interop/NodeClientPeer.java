package dev.jtls.tls.interop;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A Node TLS client (tls-client.js) with {@code tls.connect}'s own options, trusting the test root. */
final class NodeClientPeer extends NodePeer implements ClientPeer {
  private NodeClientPeer(ClientSetup setup, Path workDir) {
    super("tls-client.js", workDir, options(setup));
  }

  static NodeClientPeer start(ClientSetup setup, Path workDir) {
    return new NodeClientPeer(setup, workDir);
  }

  private static Map<String, Object> options(ClientSetup setup) {
    Map<String, Object> o = new LinkedHashMap<>();
    if (setup.path != null) {
      o.put("path", setup.path.toString());
    } else {
      o.put("host", "127.0.0.1");
      o.put("port", setup.port);
    }
    o.put("ca", Identity.ROOT_CA.toString());
    if (setup.servername != null) {
      o.put("servername", setup.servername);
    }
    if (setup.identity != null) {
      o.put("key", setup.identity.key().toString());
      o.put("cert", setup.identity.chain().toString());
    }
    if (setup.maxVersion != null) {
      o.put("maxVersion", setup.maxVersion);
    }
    if (setup.ciphers != null) {
      o.put("ciphers", setup.ciphers);
    }
    if (setup.closeAtOnce) {
      o.put("closeAtOnce", true);
    }
    return o;
  }

  @Override
  public Handshake awaitHandshake() {
    return handshake(awaitEvent("secureConnect"));
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
  public void end() {
    process.closeStdin();
  }

  @Override
  public void awaitServerEnd() {
    awaitEvent("end");
    awaitEvent("close");
  }

  /** The error's code and message (with TLSv1.3 it may come after 'secureConnect': the server judges last). */
  @Override
  public String awaitFailure() {
    Map<String, Object> error = awaitEvent("error");
    return error.get("code") + ": " + error.get("message");
  }
}

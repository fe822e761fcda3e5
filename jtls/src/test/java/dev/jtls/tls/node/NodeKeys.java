package dev.jtls.tls.node;

import static dev.jtls.testing.NodeRun.readKey;

/** The identities Node's test/fixtures/tls-connect.js preloads as {@code keys.agentN}. */
final class NodeKeys {
  private NodeKeys() {}

  /** A key, its certificate (chain) and the self-signed root of its chain. */
  record Identity(byte[] key, byte[] cert, byte[] ca) {}

  static final Identity AGENT1 = load("agent1", "ca1");
  static final Identity AGENT6 = load("agent6", "ca1");
  static final Identity AGENT10 = load("agent10", "ca2");
  static final Identity EC10 = load("ec10", "ca5");

  private static Identity load(String cert, String root) {
    return new Identity(readKey(cert + "-key.pem"), readKey(cert + "-cert.pem"), readKey(root + "-cert.pem"));
  }
}

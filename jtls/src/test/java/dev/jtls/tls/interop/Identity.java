package dev.jtls.tls.interop;

import java.nio.file.Path;

/**
 * A key with its certificate from the test PKI, in the two shapes peers want: the leaf alone
 * plus the intermediate (openssl's -cert / -cert_chain), or leaf and intermediate in one file
 * (Node's and jtls's {@code cert}).
 */
enum Identity {
  RSA_SERVER("server.key", "server.pem", "server-chain.pem", "localhost"),
  EC_SERVER("server-ec.key", "server-ec.pem", "server-ec-chain.pem", "localhost"),
  RSA_CLIENT("client.key", "client.pem", "client-chain.pem", "jtls client");

  static final Path PKI = Path.of("src/test/resources/pki").toAbsolutePath();
  static final Path ROOT_CA = PKI.resolve("root-ca.pem");
  static final Path INTERMEDIATE_CA = PKI.resolve("intermediate-ca.pem");
  /** The root and the intermediate. */
  static final Path CA_BUNDLE = PKI.resolve("ca-bundle.pem");

  private final String key;
  private final String leaf;
  private final String chain;
  private final String commonName;

  Identity(String key, String leaf, String chain, String commonName) {
    this.key = key;
    this.leaf = leaf;
    this.chain = chain;
    this.commonName = commonName;
  }

  Path key() {
    return PKI.resolve(key);
  }

  Path leaf() {
    return PKI.resolve(leaf);
  }

  /** The leaf followed by the intermediate that issued it. */
  Path chain() {
    return PKI.resolve(chain);
  }

  /** The CN of the leaf's subject. */
  String commonName() {
    return commonName;
  }
}

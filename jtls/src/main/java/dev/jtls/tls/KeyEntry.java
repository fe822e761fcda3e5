package dev.jtls.tls;

/**
 * One element of a {@code key} list in Node's object form {@code {pem, passphrase}}: a private key
 * ({@code String} PEM, {@code byte[]} or {@code java.nio.file.Path} of a PEM file) with its own
 * passphrase. As in Node, this form is only accepted inside a list.
 *
 * @param pem the PEM private key
 * @param passphrase decrypts {@code pem} when it is encrypted; null to use the options'
 *     {@code passphrase}
 */
public record KeyEntry(Object pem, String passphrase) {
  /** A key without a passphrase of its own. */
  public KeyEntry(Object pem) {
    this(pem, null);
  }
}

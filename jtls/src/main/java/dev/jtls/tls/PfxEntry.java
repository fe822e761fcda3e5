package dev.jtls.tls;

/**
 * One element of the {@code pfx} option's list: Node's {@code {buf, passphrase}}, a PKCS#12 input
 * ({@code byte[]}, {@code String} or {@code Path}) with its own passphrase (null: the
 * {@code passphrase} option's).
 */
public record PfxEntry(Object buf, String passphrase) {}

package dev.jtls.tls;

/**
 * The options every TLS endpoint takes besides the context's: those of {@code tls.connect},
 * {@code tls.createServer} and {@code new tls.TLSSocket} alike.
 *
 * @param <T> the concrete options class, returned by the setters
 */
public abstract class TlsOptionsBase<T extends TlsOptionsBase<T>> extends ContextOptionsBase<T> {
  private boolean rejectUnauthorized = true;
  private byte[] alpnProtocols;

  protected TlsOptionsBase() {}

  /** Copies every option of {@code from} this class and {@link ContextOptionsBase} know into this object. */
  protected final void copyTlsOptions(TlsOptionsBase<?> from) {
    copyContextOptions(from);
    rejectUnauthorized = from.rejectUnauthorized;
    alpnProtocols = from.alpnProtocols;
  }

  @Override
  protected boolean set(String name, Object value) {
    switch (name) {
      // null is Node's default (true): Node takes anything but false as true; jtls still refuses
      // other non-booleans (OptionErrorsTest).
      case "rejectUnauthorized" -> rejectUnauthorized(value == null || OptionTypes.bool(name, value));
      case "ALPNProtocols" -> alpnProtocols(value);
      default -> {
        return super.set(name, value);
      }
    }
    return true;
  }

  /**
   * {@code rejectUnauthorized} (default true): a client fails with 'error' when the server is not
   * authorized; a server with {@code requestCert} drops clients that are not.
   */
  public T rejectUnauthorized(boolean value) {
    this.rejectUnauthorized = value;
    return self();
  }

  public boolean rejectUnauthorized() {
    return rejectUnauthorized;
  }

  /**
   * {@code ALPNProtocols}: the protocols to negotiate, most preferred first, as a List of Strings
   * (or byte arrays) or one byte array in wire form ({@code [len][name]...}).
   */
  public T alpnProtocols(Object protocols) {
    this.alpnProtocols = AlpnProtocols.wire(protocols);
    return self();
  }

  /** The {@code ALPNProtocols} option in wire form, or null. */
  byte[] alpnProtocols() {
    return alpnProtocols == null ? null : alpnProtocols.clone();
  }
}

package dev.jtls.tls;

/** Prints the module's version and cipher defaults, for a test that starts a JVM with Node's switches as properties. */
public final class TlsDefaultsProgram {
  private TlsDefaultsProgram() {}

  public static void main(String[] args) {
    System.out.println(Tls.DEFAULT_MIN_VERSION() + " " + Tls.DEFAULT_MAX_VERSION() + " " + Tls.DEFAULT_CIPHERS());
  }
}

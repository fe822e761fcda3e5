package dev.jtls.tls;

import java.util.Map;

/** The options of {@code tls.createSecureContext([options])}. */
public final class SecureContextOptions extends ContextOptionsBase<SecureContextOptions> {
  public SecureContextOptions() {}

  /**
   * Options from a Node-style option bag: each entry set as by its setter, with Node's type checks
   * (e.g. {@code "ciphers": 1} is {@code ERR_INVALID_ARG_TYPE}). Entries that are not options of
   * {@code createSecureContext} are ignored, as Node ignores them; a null map is no options.
   */
  public static SecureContextOptions fromMap(Map<String, ?> options) {
    return new SecureContextOptions().setAll(options);
  }
}

package dev.jtls.tls;

import dev.jtls.events.NodeError;

/**
 * Node's process-wide defaults {@code tls.DEFAULT_CIPHERS}, {@code tls.DEFAULT_MIN_VERSION},
 * {@code tls.DEFAULT_MAX_VERSION} and {@code tls.DEFAULT_ECDH_CURVE}. Like Node's, they are read
 * each time a secure context is created, so a change affects contexts created afterwards only.
 *
 * <p>Their initial values follow the system properties that stand for Node's command-line
 * switches, with Node's precedence: {@code -Djtls.tls-cipher-list=...} ({@code --tls-cipher-list});
 * {@code -Djtls.tls-min-v1.0}, {@code -v1.1}, {@code -v1.2}, {@code -v1.3} (the lowest given wins,
 * as in Node); {@code -Djtls.tls-max-v1.2}, {@code -v1.3} (the highest given wins). A switch is on when the
 * property is present with no value, or with any value but {@code false}.
 */
final class TlsDefaults {
  /** Node's {@code crypto.constants.defaultCoreCipherList}, the initial {@code DEFAULT_CIPHERS}. */
  static final String CORE_CIPHER_LIST = String.join(":",
      "TLS_AES_256_GCM_SHA384",
      "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_AES_128_GCM_SHA256",
      "ECDHE-RSA-AES128-GCM-SHA256",
      "ECDHE-ECDSA-AES128-GCM-SHA256",
      "ECDHE-RSA-AES256-GCM-SHA384",
      "ECDHE-ECDSA-AES256-GCM-SHA384",
      "DHE-RSA-AES128-GCM-SHA256",
      "ECDHE-RSA-AES128-SHA256",
      "DHE-RSA-AES128-SHA256",
      "ECDHE-RSA-AES256-SHA384",
      "DHE-RSA-AES256-SHA384",
      "ECDHE-RSA-AES256-SHA256",
      "DHE-RSA-AES256-SHA256",
      "HIGH",
      "!aNULL",
      "!eNULL",
      "!EXPORT",
      "!DES",
      "!RC4",
      "!MD5",
      "!PSK",
      "!SRP",
      "!CAMELLIA");

  private static volatile String defaultCiphers = System.getProperty("jtls.tls-cipher-list", CORE_CIPHER_LIST);
  private static volatile String defaultMinVersion = initialMinVersion();
  private static volatile String defaultMaxVersion =
      switchOn("jtls.tls-max-v1.2") && !switchOn("jtls.tls-max-v1.3") ? "TLSv1.2" : "TLSv1.3";
  private static volatile String defaultEcdhCurve = "auto";

  private TlsDefaults() {}

  /** {@code tls.DEFAULT_CIPHERS}. */
  static String defaultCiphers() {
    return defaultCiphers;
  }

  /**
   * Sets {@code tls.DEFAULT_CIPHERS}. As in Node, the list itself is checked when a context uses
   * it (an empty or unknown list fails {@code createSecureContext}).
   */
  static void setDefaultCiphers(String ciphers) {
    defaultCiphers = requireString("tls.DEFAULT_CIPHERS", ciphers);
  }

  /** {@code tls.DEFAULT_MIN_VERSION}. */
  static String defaultMinVersion() {
    return defaultMinVersion;
  }

  /**
   * Sets {@code tls.DEFAULT_MIN_VERSION}: one of {@code 'TLSv1'}, {@code 'TLSv1.1'},
   * {@code 'TLSv1.2'}, {@code 'TLSv1.3'}. A Java setter can refuse a bad name at once, so it throws
   * here the {@code ERR_TLS_INVALID_PROTOCOL_VERSION} that Node throws at the next
   * {@code createSecureContext}.
   */
  static void setDefaultMinVersion(String version) {
    ProtocolVersion.parse("minimum", version);
    defaultMinVersion = version;
  }

  /** {@code tls.DEFAULT_MAX_VERSION}. */
  static String defaultMaxVersion() {
    return defaultMaxVersion;
  }

  /** Sets {@code tls.DEFAULT_MAX_VERSION}; names and errors as {@link #setDefaultMinVersion(String)}. */
  static void setDefaultMaxVersion(String version) {
    ProtocolVersion.parse("maximum", version);
    defaultMaxVersion = version;
  }

  /** {@code tls.DEFAULT_ECDH_CURVE}. */
  static String defaultEcdhCurve() {
    return defaultEcdhCurve;
  }

  /** Sets {@code tls.DEFAULT_ECDH_CURVE} ({@code 'auto'} or a colon-separated curve list). */
  static void setDefaultEcdhCurve(String curve) {
    defaultEcdhCurve = requireString("tls.DEFAULT_ECDH_CURVE", curve);
  }

  private static String initialMinVersion() {
    if (switchOn("jtls.tls-min-v1.0")) {
      return "TLSv1";
    }
    if (switchOn("jtls.tls-min-v1.1")) {
      return "TLSv1.1";
    }
    if (switchOn("jtls.tls-min-v1.3") && !switchOn("jtls.tls-min-v1.2")) {
      return "TLSv1.3";
    }
    return "TLSv1.2";
  }

  private static boolean switchOn(String property) {
    String value = System.getProperty(property);
    return value != null && !value.equalsIgnoreCase("false");
  }

  private static String requireString(String name, String value) {
    if (value == null) {
      throw NodeError.invalidArgType(name, "of type string", null);
    }
    return value;
  }
}

package dev.jtls.tls;

import dev.jtls.events.NodeError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The options of {@code tls.createSecureContext()}, shared by every option bag that can create a
 * secure context ({@link SecureContextOptions}, and the options of {@code tls.connect()} and
 * {@code tls.createServer()}). Setters are fluent and check types as Node does, throwing Node's
 * {@code ERR_INVALID_ARG_TYPE} with Node's message; a null value unsets the option.
 *
 * <p>PEM inputs ({@code key}, {@code cert}, {@code ca}) take what Node takes as a string or Buffer:
 * a {@code String}, a {@code byte[]} or a {@link Path} (the file's contents, read when the context
 * is created), or a {@code List} of those. As in Node, an empty string, null and {@code false} are
 * the same as no value.
 *
 * @param <T> the concrete options class, returned by the setters
 */
public abstract class ContextOptionsBase<T extends ContextOptionsBase<T>> {
  /** Node's name for the option bag in error messages. */
  static final String OPTIONS = "options";
  private static final String PEM_TYPES = "of type string or an instance of Buffer, TypedArray, or DataView";

  private Object key;
  private Object cert;
  private Object ca;
  private String passphrase;
  private String ciphers;
  private String minVersion;
  private String maxVersion;
  private Boolean honorCipherOrder;
  private String sessionIdContext;
  private String ecdhCurve;
  private String sigalgs;
  private Long secureOptions;
  private Long sessionTimeout;
  private byte[] ticketKeys;
  private String secureProtocol;
  private Object dhparam;
  private Object pfx;
  private Object crl;
  private String privateKeyEngine;
  private String privateKeyIdentifier;
  private String clientCertEngine;

  protected ContextOptionsBase() {}

  /** This object as its concrete type, for fluent setters. */
  @SuppressWarnings("unchecked")
  protected final T self() {
    return (T) this;
  }

  /**
   * Copies every {@code createSecureContext} option of {@code from} into this object: the shared
   * body of the snapshots taken where options enter the API. Values are immutable or private
   * copies, so the two objects share nothing a caller can change.
   */
  protected final void copyContextOptions(ContextOptionsBase<?> from) {
    key = from.key;
    cert = from.cert;
    ca = from.ca;
    passphrase = from.passphrase;
    ciphers = from.ciphers;
    minVersion = from.minVersion;
    maxVersion = from.maxVersion;
    honorCipherOrder = from.honorCipherOrder;
    sessionIdContext = from.sessionIdContext;
    ecdhCurve = from.ecdhCurve;
    sigalgs = from.sigalgs;
    secureOptions = from.secureOptions;
    sessionTimeout = from.sessionTimeout;
    ticketKeys = from.ticketKeys;
    secureProtocol = from.secureProtocol;
    dhparam = from.dhparam;
    pfx = from.pfx;
    crl = from.crl;
    privateKeyEngine = from.privateKeyEngine;
    privateKeyIdentifier = from.privateKeyIdentifier;
    clientCertEngine = from.clientCertEngine;
  }

  /**
   * Sets every entry of a Node-style option bag (null: none) as {@link #set} does; the shared body
   * of each options class's {@code fromMap}.
   */
  protected final T setAll(Map<String, ?> options) {
    if (options != null) {
      options.forEach(this::set);
    }
    return self();
  }

  /**
   * Sets the option Node calls {@code name} from a value of a Node-style option bag, checking its
   * type with Node's error. Returns false, changing nothing, when {@code name} is not an option of
   * {@code createSecureContext} (subclasses then handle their own options).
   */
  protected boolean set(String name, Object value) {
    switch (name) {
      case "key" -> key(value);
      case "cert" -> cert(value);
      case "ca" -> ca(value);
      case "passphrase" -> passphrase(string("passphrase", value));
      case "ciphers" -> ciphers(string("ciphers", value));
      case "minVersion" -> minVersion(version("minimum", value));
      case "maxVersion" -> maxVersion(version("maximum", value));
      case "honorCipherOrder" -> honorCipherOrder(value == null ? null : truthy(value));
      case "sessionIdContext" -> sessionIdContext(string("sessionIdContext", value));
      case "ecdhCurve" -> ecdhCurve(string("ecdhCurve", value));
      case "sigalgs" -> sigalgs(string("sigalgs", value));
      case "secureOptions" -> secureOptions(value == null ? null : integer("secureOptions", value));
      case "sessionTimeout" -> sessionTimeout(value == null ? null : integer("options.sessionTimeout", value));
      case "ticketKeys" -> ticketKeys(ticketKeyBytes(value));
      // As in Node, a secureProtocol that is not a string is ignored.
      case "dhparam" -> dhparam(value);
      case "pfx" -> pfx(value);
      case "crl" -> crl(value);
      case "privateKeyEngine" -> privateKeyEngine(engineString("privateKeyEngine", value));
      case "privateKeyIdentifier" -> privateKeyIdentifier(engineString("privateKeyIdentifier", value));
      case "clientCertEngine" -> clientCertEngine(engineString("clientCertEngine", value));
      case "secureProtocol" -> secureProtocol(value instanceof String method ? method : null);
      default -> {
        return false;
      }
    }
    return true;
  }

  /**
   * Private keys in PEM format: a PEM input, or a list of PEM inputs and {@link KeyEntry} objects
   * (Node's {@code {pem, passphrase}}; a {@code Map} with a {@code "pem"} entry is taken as one).
   * Encrypted keys are decrypted with their entry's passphrase, else with {@link #passphrase()}.
   */
  public T key(Object key) {
    if (key instanceof List<?> list) {
      List<Object> entries = new ArrayList<>(list.size());
      for (Object element : list) {
        entries.add(keyEntry(element));
      }
      this.key = List.copyOf(entries);
    } else {
      this.key = pem("key", key, true);
    }
    return self();
  }

  /** The {@code key} option as set (a list with {@code Map} elements turned into {@link KeyEntry}). */
  public Object key() {
    return key;
  }

  /**
   * Certificate chains in PEM format, one per private key: each is the certificate followed by its
   * intermediates (several PEM blocks in one input). A PEM input or a list of them.
   */
  public T cert(Object cert) {
    this.cert = pemOrList("cert", cert);
    return self();
  }

  /** The {@code cert} option as set. */
  public Object cert() {
    return cert;
  }

  /**
   * Trusted CA certificates, replacing the default Mozilla list entirely: a PEM input or a list of
   * them, each holding any number of {@code CERTIFICATE}, {@code X509 CERTIFICATE} or
   * {@code TRUSTED CERTIFICATE} blocks. Without it, the default list is trusted.
   */
  public T ca(Object ca) {
    this.ca = pemOrList("ca", ca);
    return self();
  }

  /** The {@code ca} option as set. */
  public Object ca() {
    return ca;
  }

  /** Shared passphrase for the private keys (and a PFX). */
  public T passphrase(String passphrase) {
    this.passphrase = passphrase;
    return self();
  }

  /** The {@code passphrase} option. */
  public String passphrase() {
    return passphrase;
  }

  /**
   * Cipher suite specification replacing {@code tls.DEFAULT_CIPHERS}: OpenSSL cipher list syntax,
   * {@code TLS_*} entries naming TLSv1.3 suites.
   */
  public T ciphers(String ciphers) {
    this.ciphers = ciphers;
    return self();
  }

  /** The {@code ciphers} option. */
  public String ciphers() {
    return ciphers;
  }

  /**
   * The minimum TLS version: {@code 'TLSv1.3'}, {@code 'TLSv1.2'}, {@code 'TLSv1.1'} or
   * {@code 'TLSv1'} (default {@code tls.DEFAULT_MIN_VERSION}); another name is Node's
   * {@code ERR_TLS_INVALID_PROTOCOL_VERSION}.
   */
  public T minVersion(String minVersion) {
    if (minVersion != null) {
      ProtocolVersion.parse("minimum", minVersion);
    }
    this.minVersion = minVersion;
    return self();
  }

  /** The {@code minVersion} option. */
  public String minVersion() {
    return minVersion;
  }

  /** The maximum TLS version (default {@code tls.DEFAULT_MAX_VERSION}); names as {@link #minVersion(String)}. */
  public T maxVersion(String maxVersion) {
    if (maxVersion != null) {
      ProtocolVersion.parse("maximum", maxVersion);
    }
    this.maxVersion = maxVersion;
    return self();
  }

  /** The {@code maxVersion} option. */
  public String maxVersion() {
    return maxVersion;
  }

  /**
   * {@code honorCipherOrder}: the server chooses the cipher by its own preference order
   * ({@code SSL_OP_CIPHER_SERVER_PREFERENCE}) rather than the client's. Unset (null), a context of
   * {@code createSecureContext} does not, and a server of {@code createServer} does, as in Node.
   */
  public T honorCipherOrder(Boolean honorCipherOrder) {
    this.honorCipherOrder = honorCipherOrder;
    return self();
  }

  /** The {@code honorCipherOrder} option, or null when unset. */
  public Boolean honorCipherOrder() {
    return honorCipherOrder;
  }

  /** Whether a context made from these options prefers the server's cipher order. */
  boolean prefersServerCipherOrder() {
    return Boolean.TRUE.equals(honorCipherOrder);
  }

  /**
   * {@code sessionIdContext}: an opaque string (at most 32 bytes) binding sessions to this
   * configuration, so that a server resumes only sessions it issued. {@code createServer} has a
   * default (see {@link ServerOptions}).
   */
  public T sessionIdContext(String sessionIdContext) {
    this.sessionIdContext = sessionIdContext;
    return self();
  }

  /** The {@code sessionIdContext} option as set. */
  public String sessionIdContext() {
    return sessionIdContext;
  }

  /** The session ID context a context made from these options gets, or null for none. */
  String effectiveSessionIdContext() {
    return sessionIdContext;
  }

  /**
   * {@code ecdhCurve}: {@code 'auto'} (OpenSSL's default groups), or a colon-separated list of
   * curve names (e.g. {@code 'X25519:P-256'}) in preference order; default
   * {@code tls.DEFAULT_ECDH_CURVE}.
   */
  public T ecdhCurve(String ecdhCurve) {
    this.ecdhCurve = ecdhCurve;
    return self();
  }

  /** The {@code ecdhCurve} option. */
  public String ecdhCurve() {
    return ecdhCurve;
  }

  /**
   * {@code sigalgs}: the signature algorithms offered and accepted, colon-separated, in OpenSSL's
   * syntax ({@code 'RSA-PSS+SHA256:ECDSA+SHA256'} or {@code 'rsa_pss_rsae_sha256:...'}).
   */
  public T sigalgs(String sigalgs) {
    this.sigalgs = sigalgs;
    return self();
  }

  /** The {@code sigalgs} option. */
  public String sigalgs() {
    return sigalgs;
  }

  /**
   * {@code secureOptions}: OpenSSL option bits ({@link CryptoConstants}' {@code SSL_OP_*}, Node's
   * {@code crypto.constants}), added to the defaults.
   */
  public T secureOptions(Long secureOptions) {
    this.secureOptions = secureOptions;
    return self();
  }

  /** The {@code secureOptions} option. */
  public Long secureOptions() {
    return secureOptions;
  }

  /**
   * {@code sessionTimeout}: seconds after which a server's sessions can no longer be resumed
   * (0 to 2147483647; OpenSSL's default, 300, when unset).
   */
  public T sessionTimeout(Long seconds) {
    if (seconds != null && (seconds < 0 || seconds > Integer.MAX_VALUE)) {
      throw NodeError.outOfRange("options.sessionTimeout", ">= 0 && <= 2147483647", seconds);
    }
    this.sessionTimeout = seconds;
    return self();
  }

  /** The {@code sessionTimeout} option. */
  public Long sessionTimeout() {
    return sessionTimeout;
  }

  /**
   * {@code ticketKeys}: 48 bytes of key material for TLS session tickets, shared by servers that
   * resume each other's sessions. Checked here; using them for tickets is the session feature's.
   */
  public T ticketKeys(byte[] ticketKeys) {
    if (ticketKeys != null && ticketKeys.length != 48) {
      // Node prints the length itself here, not a described value.
      throw new NodeError("ERR_INVALID_ARG_VALUE",
          "The property 'options.ticketKeys' must be exactly 48 bytes. Received " + ticketKeys.length);
    }
    this.ticketKeys = ticketKeys == null ? null : ticketKeys.clone();
    return self();
  }

  /** The {@code ticketKeys} option (a copy). */
  public byte[] ticketKeys() {
    return ticketKeys == null ? null : ticketKeys.clone();
  }

  /**
   * {@code secureProtocol}: a legacy OpenSSL method name fixing the protocol versions, e.g.
   * {@code 'TLSv1_2_method'} (only TLSv1.2) or {@code 'TLS_method'} (any version); it may not be
   * given together with {@code minVersion} or {@code maxVersion}. Checked when the context is made.
   */
  public T secureProtocol(String secureProtocol) {
    this.secureProtocol = secureProtocol;
    return self();
  }

  /** The {@code secureProtocol} option. */
  public String secureProtocol() {
    return secureProtocol;
  }

  /**
   * {@code dhparam}: {@code 'auto'} (DHE with parameters OpenSSL picks), or Diffie-Hellman
   * parameters in PEM format (a PEM input). Without it, DHE cipher suites are not used. Parameters
   * under 1024 bits throw; under 2048 bits they are used with a {@code SecurityWarning} logged, and
   * text that holds no parameters is ignored (no DHE), as in Node.
   */
  public T dhparam(Object dhparam) {
    this.dhparam = pem("dhparam", dhparam, true);
    return self();
  }

  /** The {@code dhparam} option. */
  public Object dhparam() {
    return dhparam;
  }

  /**
   * {@code pfx}: a PKCS#12 file holding a private key and its certificate chain (DER bytes, a
   * String of them, or a Path), or a list of those and {@link PfxEntry} objects (Node's
   * {@code {buf, passphrase}}; a {@code Map} with a {@code "buf"} entry is taken as one). Each is
   * decrypted with its entry's passphrase, else {@link #passphrase()}. As in Node, anything else is
   * {@code ERR_CRYPTO_OPERATION_FAILED} "Unable to load PFX certificate"; null, false and 0 are none.
   */
  public T pfx(Object pfx) {
    if (pfx == null || ((pfx instanceof Boolean || pfx instanceof Number) && !truthy(pfx))) {
      this.pfx = null;
    } else if (pfx instanceof List<?> list) {
      List<PfxEntry> entries = new ArrayList<>(list.size());
      for (Object element : list) {
        entries.add(pfxEntry(element));
      }
      this.pfx = List.copyOf(entries);
    } else {
      this.pfx = pfxInput(pfx);
    }
    return self();
  }

  /** The {@code pfx} option: one input, or a list of {@link PfxEntry}. */
  public Object pfx() {
    return pfx;
  }

  /**
   * {@code crl}: PEM certificate revocation lists (a PEM input or a list of them, one CRL each).
   * With it, the peer's whole chain is checked against its issuers' CRLs, so every issuer's CRL is
   * needed; a revoked certificate fails verification with {@code CERT_REVOKED}.
   */
  public T crl(Object crl) {
    this.crl = pemOrList("crl", crl);
    return self();
  }

  /** The {@code crl} option. */
  public Object crl() {
    return crl;
  }

  /**
   * {@code privateKeyEngine}: the id of the OpenSSL engine (or the path of its shared object) that
   * holds the private key named by {@link #privateKeyIdentifier(String)}.
   */
  public T privateKeyEngine(String engine) {
    this.privateKeyEngine = engine;
    return self();
  }

  public String privateKeyEngine() {
    return privateKeyEngine;
  }

  /** {@code privateKeyIdentifier}: the engine's name of the private key; needs {@code privateKeyEngine} and no {@code key}. */
  public T privateKeyIdentifier(String identifier) {
    this.privateKeyIdentifier = identifier;
    return self();
  }

  public String privateKeyIdentifier() {
    return privateKeyIdentifier;
  }

  /** {@code clientCertEngine}: the id of an OpenSSL engine that supplies the client certificate. */
  public T clientCertEngine(String engine) {
    this.clientCertEngine = engine;
    return self();
  }

  public String clientCertEngine() {
    return clientCertEngine;
  }

  /** The bytes of a PEM input that passed this class's checks (a String is encoded as UTF-8, as Node does). */
  static byte[] pemBytes(Object pem) {
    return switch (pem) {
      case String s -> s.getBytes(StandardCharsets.UTF_8);
      case byte[] b -> b;
      case Path p -> {
        try {
          yield Files.readAllBytes(p);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read " + p, e);
        }
      }
      default -> throw new IllegalArgumentException("not a PEM input: " + pem.getClass().getName());
    };
  }

  /** Whether an option's value counts as given, as JavaScript's truthiness decides in Node: not null, not "". */
  static boolean given(Object value) {
    return value != null && !"".equals(value);
  }

  private static Object pemOrList(String option, Object value) {
    if (value instanceof List<?> list) {
      List<Object> entries = new ArrayList<>(list.size());
      for (Object element : list) {
        entries.add(pem(option, element, false));
      }
      return List.copyOf(entries);
    }
    return pem(option, value, true);
  }

  /**
   * Checks one PEM input; {@code nullable} for the option itself, where null unsets it and, as in
   * Node (which tests these options for truthiness), so do {@code false} and 0.
   */
  private static Object pem(String option, Object value, boolean nullable) {
    if (nullable && (value instanceof Boolean || value instanceof Number) && !truthy(value)) {
      return null;
    }
    if (value instanceof byte[] bytes) {
      return bytes.clone(); // the caller may reuse its array; these options must not change with it
    }
    if ((value == null && nullable) || value instanceof String || value instanceof Path) {
      return value;
    }
    throw NodeError.invalidArgType(OPTIONS + "." + option, PEM_TYPES, value);
  }

  private static PfxEntry pfxEntry(Object element) {
    if (element instanceof PfxEntry entry) {
      return new PfxEntry(pfxInput(entry.buf()), entry.passphrase());
    }
    if (element instanceof Map<?, ?> map && map.get("buf") != null) {
      return new PfxEntry(pfxInput(map.get("buf")), string("passphrase", map.get("passphrase")));
    }
    return new PfxEntry(pfxInput(element), null);
  }

  private static Object pfxInput(Object value) {
    if (value instanceof byte[] bytes) {
      return bytes.clone();
    }
    if (value instanceof String || value instanceof Path) {
      return value;
    }
    throw new NodeError("ERR_CRYPTO_OPERATION_FAILED", "Unable to load PFX certificate");
  }

  private static Object keyEntry(Object element) {
    if (element instanceof KeyEntry entry) {
      pem("key", entry.pem(), false);
      return entry;
    }
    if (element instanceof Map<?, ?> map && map.containsKey("pem")) {
      return new KeyEntry(pem("key", map.get("pem"), false), string("passphrase", map.get("passphrase")));
    }
    return pem("key", element, false);
  }

  private static String string(String option, Object value) {
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw NodeError.invalidArgType(OPTIONS + "." + option, "of type string", value);
  }

  /** JavaScript's truthiness, for options Node only tests with {@code if}. */
  private static boolean truthy(Object value) {
    return switch (value) {
      case Boolean b -> b;
      case String str -> !str.isEmpty();
      case Number n -> n.doubleValue() != 0 && !Double.isNaN(n.doubleValue());
      default -> true;
    };
  }

  /** A number that must be an integer: Node's {@code ERR_INVALID_ARG_TYPE}, then {@code ERR_OUT_OF_RANGE}. */
  private static long integer(String name, Object value) {
    if (!(value instanceof Number n)) {
      throw NodeError.invalidArgType(name, "of type number", value);
    }
    double d = n.doubleValue();
    if (!(n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) && d != Math.rint(d)) {
      throw NodeError.outOfRange(name, "an integer", value);
    }
    return n.longValue();
  }

  private static String engineString(String option, Object value) {
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw NodeError.invalidArgType(OPTIONS + "." + option, "of type string or one of null or undefined", value);
  }

  private static byte[] ticketKeyBytes(Object value) {
    if (value == null || value instanceof byte[]) {
      return (byte[]) value;
    }
    throw NodeError.invalidArgType(OPTIONS + ".ticketKeys", "an instance of Buffer, TypedArray, or DataView", value);
  }

  private static String version(String which, Object value) {
    if (value != null) {
      ProtocolVersion.parse(which, value);
    }
    return (String) value;
  }
}

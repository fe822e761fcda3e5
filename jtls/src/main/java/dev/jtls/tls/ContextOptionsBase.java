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
 * is created), or a {@code List} of those. As in Node, an empty string is the same as no value.
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

  /** Checks one PEM input; {@code nullable} for the option itself, where null unsets it. */
  private static Object pem(String option, Object value, boolean nullable) {
    if (value instanceof byte[] bytes) {
      return bytes.clone(); // the caller may reuse its array; these options must not change with it
    }
    if ((value == null && nullable) || value instanceof String || value instanceof Path) {
      return value;
    }
    throw NodeError.invalidArgType(OPTIONS + "." + option, PEM_TYPES, value);
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

  private static String version(String which, Object value) {
    if (value != null) {
      ProtocolVersion.parse(which, value);
    }
    return (String) value;
  }
}

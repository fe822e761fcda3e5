package dev.jtls.tls;

import dev.jtls.events.NodeError;
import dev.jtls.internal.openssl.X509;
import java.util.Map;

/**
 * The {@code options} of {@code x509.checkHost(name[, options])}, {@code checkEmail} and
 * {@code checkIP}: how OpenSSL's X509_check_host matches names, with Node's defaults.
 */
public final class X509CheckOptions {
  private String subject = "default";
  private boolean wildcards = true;
  private boolean partialWildcards = true;
  private boolean multiLabelWildcards;
  private boolean singleLabelSubdomains;

  public X509CheckOptions() {}

  /** Options from a Node-style option bag, with Node's type checks (an absent key keeps its default). */
  public static X509CheckOptions fromMap(Map<String, ?> options) {
    X509CheckOptions result = new X509CheckOptions();
    if (options == null) {
      return result;
    }
    options.forEach((name, value) -> {
      switch (name) {
        case "subject" -> {
          if (!(value instanceof String subject)) {
            throw NodeError.invalidArgType("options.subject", "of type string", value);
          }
          result.subject(subject);
        }
        case "wildcards" -> result.wildcards(OptionTypes.bool(name, value));
        case "partialWildcards" -> result.partialWildcards(OptionTypes.bool(name, value));
        case "multiLabelWildcards" -> result.multiLabelWildcards(OptionTypes.bool(name, value));
        case "singleLabelSubdomains" -> result.singleLabelSubdomains(OptionTypes.bool(name, value));
        default -> { }
      }
    });
    return result;
  }

  /**
   * When the subject's common name is matched: {@code "default"} (only when the certificate has no
   * name of the kind asked for in subjectAltName), {@code "always"} or {@code "never"}.
   */
  public X509CheckOptions subject(String value) {
    if (!"default".equals(value) && !"always".equals(value) && !"never".equals(value)) {
      // Node's message quotes the value as util.inspect does: 'bogus'.
      throw new NodeError("ERR_INVALID_ARG_VALUE", "The property 'options.subject' is invalid. Received "
          + (value == null ? "null" : "'" + value + "'"));
    }
    this.subject = value;
    return this;
  }

  public String subject() {
    return subject;
  }

  /** Whether a wildcard name in the certificate may match (default true). */
  public X509CheckOptions wildcards(boolean value) {
    this.wildcards = value;
    return this;
  }

  public boolean wildcards() {
    return wildcards;
  }

  /** Whether a partial wildcard such as {@code www*.example.com} may match (default true). */
  public X509CheckOptions partialWildcards(boolean value) {
    this.partialWildcards = value;
    return this;
  }

  public boolean partialWildcards() {
    return partialWildcards;
  }

  /** Whether a wildcard may match several labels (default false). */
  public X509CheckOptions multiLabelWildcards(boolean value) {
    this.multiLabelWildcards = value;
    return this;
  }

  public boolean multiLabelWildcards() {
    return multiLabelWildcards;
  }

  /** Whether a name with a leading dot matches its subdomains of one label only (default false). */
  public X509CheckOptions singleLabelSubdomains(boolean value) {
    this.singleLabelSubdomains = value;
    return this;
  }

  public boolean singleLabelSubdomains() {
    return singleLabelSubdomains;
  }

  /** The X509_CHECK_FLAG_* bits these options stand for, as Node's getFlags computes them. */
  int flags() {
    int flags = switch (subject) {
      case "always" -> X509.CHECK_FLAG_ALWAYS_CHECK_SUBJECT;
      case "never" -> X509.CHECK_FLAG_NEVER_CHECK_SUBJECT;
      default -> 0;
    };
    if (!wildcards) {
      flags |= X509.CHECK_FLAG_NO_WILDCARDS;
    }
    if (!partialWildcards) {
      flags |= X509.CHECK_FLAG_NO_PARTIAL_WILDCARDS;
    }
    if (multiLabelWildcards) {
      flags |= X509.CHECK_FLAG_MULTI_LABEL_WILDCARDS;
    }
    if (singleLabelSubdomains) {
      flags |= X509.CHECK_FLAG_SINGLE_LABEL_SUBDOMAINS;
    }
    return flags;
  }
}

package dev.jtls.tls;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Node's "certificate object" ({@code getPeerCertificate()}, {@code getCertificate()}): the
 * certificate's fields under Node's keys, in Node's order, with Node's value formats. An empty
 * object (no certificate) has no fields.
 *
 * <p>Values are {@code String}, {@code Boolean}, {@code Integer}, {@code byte[]} (Node's Buffers:
 * {@code raw}, {@code pubkey}), {@code List<String>} and ordered {@code Map<String, Object>}
 * (subject, issuer, infoAccess), exactly what Node's object holds.
 */
public final class PeerCertificate {
  private final Map<String, Object> fields;
  private PeerCertificate issuerCertificate;

  private PeerCertificate(Map<String, Object> fields) {
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /**
   * A certificate object holding {@code fields} (Node's keys, in the map's iteration order).
   * Useful for testing a custom {@code checkServerIdentity}.
   */
  public static PeerCertificate of(Map<String, ?> fields) {
    return new PeerCertificate(new LinkedHashMap<>(Objects.requireNonNull(fields, "fields")));
  }

  /** The empty certificate object Node returns when the peer sent no certificate. */
  public static PeerCertificate empty() {
    return new PeerCertificate(Map.of());
  }

  /** Every field under Node's key, in Node's order (without {@code issuerCertificate}). */
  public Map<String, Object> fields() {
    return fields;
  }

  /** Whether this is the empty object ({@code {}}). */
  public boolean isEmpty() {
    return fields.isEmpty();
  }

  /** A field by Node's key, or null. */
  public Object get(String key) {
    return fields.get(key);
  }

  @SuppressWarnings("unchecked")
  private <T> T typed(String key) {
    return (T) fields.get(key);
  }

  /** {@code subject}: attribute short name to value, or to a list of values when repeated. */
  public Map<String, Object> subject() {
    return typed("subject");
  }

  /** {@code issuer}, in the same form as {@link #subject()}. */
  public Map<String, Object> issuer() {
    return typed("issuer");
  }

  /** {@code subjectaltname}, e.g. {@code "DNS:a.com, IP Address:127.0.0.1"}, or null. */
  public String subjectaltname() {
    return typed("subjectaltname");
  }

  /** {@code infoAccess}: access method (e.g. {@code "OCSP - URI"}) to locations, or null. */
  public Map<String, Object> infoAccess() {
    return typed("infoAccess");
  }

  /** {@code ca}: whether the certificate is a CA. */
  public boolean ca() {
    return Boolean.TRUE.equals(fields.get("ca"));
  }

  /** {@code modulus} (RSA): uppercase hex, or null. */
  public String modulus() {
    return typed("modulus");
  }

  /** {@code bits}: the key size, or null when unknown. */
  public Integer bits() {
    return typed("bits");
  }

  /** {@code exponent} (RSA), e.g. {@code "0x10001"}, or null. */
  public String exponent() {
    return typed("exponent");
  }

  /** {@code pubkey}: the encoded public key, or null. */
  public byte[] pubkey() {
    byte[] b = typed("pubkey");
    return b == null ? null : b.clone();
  }

  /** {@code asn1Curve} (EC), e.g. {@code "prime256v1"}, or null. */
  public String asn1Curve() {
    return typed("asn1Curve");
  }

  /** {@code nistCurve} (EC), e.g. {@code "P-256"}, or null. */
  public String nistCurve() {
    return typed("nistCurve");
  }

  /** {@code valid_from}, in OpenSSL's format: {@code "Sep  3 21:40:37 2022 GMT"}. */
  public String validFrom() {
    return typed("valid_from");
  }

  /** {@code valid_to}, in OpenSSL's format. */
  public String validTo() {
    return typed("valid_to");
  }

  /** {@code fingerprint}: SHA-1 of the DER, colon-separated uppercase hex. */
  public String fingerprint() {
    return typed("fingerprint");
  }

  /** {@code fingerprint256}: SHA-256 of the DER. */
  public String fingerprint256() {
    return typed("fingerprint256");
  }

  /** {@code fingerprint512}: SHA-512 of the DER. */
  public String fingerprint512() {
    return typed("fingerprint512");
  }

  /** {@code ext_key_usage}: the extended key usage OIDs, or null. */
  public List<String> extKeyUsage() {
    return typed("ext_key_usage");
  }

  /** {@code serialNumber}: uppercase hex. */
  public String serialNumber() {
    return typed("serialNumber");
  }

  /** {@code raw}: the DER encoding. */
  public byte[] raw() {
    byte[] b = typed("raw");
    return b == null ? null : b.clone();
  }

  /**
   * {@code issuerCertificate} (detailed certificates only): the issuer's object; a self-signed
   * root refers to itself. Null when not requested or not known.
   */
  public PeerCertificate issuerCertificate() {
    return issuerCertificate;
  }

  /** Links the issuer while a detailed chain is built. */
  void setIssuerCertificate(PeerCertificate issuer) {
    this.issuerCertificate = issuer;
  }

  /**
   * Exactly what {@code JSON.stringify} writes for Node's object of the same certificate: same
   * keys and order, Buffers as {@code {"type":"Buffer","data":[...]}}, and for a detailed object
   * the issuers nested under {@code issuerCertificate}. A self-signed root's link to itself is
   * left out, since JSON cannot hold a cycle (Node's {@code JSON.stringify} throws on it; the same
   * output comes from a replacer that drops an {@code issuerCertificate} equal to its holder).
   */
  public String toJson() {
    return CertificateJson.stringify(this);
  }

  @Override
  public String toString() {
    return "PeerCertificate" + (isEmpty() ? "{}" : "[subject=" + subject() + ", issuer=" + issuer() + "]");
  }
}

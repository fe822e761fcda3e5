package dev.jtls.tls;

import dev.jtls.events.NodeError;
import dev.jtls.internal.openssl.CertBuilder;
import dev.jtls.internal.openssl.Err;
import dev.jtls.internal.openssl.Lib;
import dev.jtls.internal.openssl.Owned;
import java.lang.foreign.MemorySegment;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A throwaway TLS identity: a fresh EC P-256 private key and a self-signed certificate for it,
 * made in memory by OpenSSL, for demos, tests and quick local servers. Pass {@link #keyPem()} and
 * {@link #certPem()} as the {@code key} and {@code cert} options of a secure context; peers must
 * be told to trust {@link #certPem()} itself (as their {@code ca}).
 *
 * <p>This is a jtls extension: Node's {@code tls} module has nothing like it.
 *
 * <p>The certificate is X509v3 with a random positive 16-byte serial; subject and issuer
 * {@code CN=} the first host name; valid from one minute ago (to absorb clock skew between peers)
 * for the requested time; and extensions subjectAltName (every host name, IP literals as
 * {@code IP:}, others as {@code DNS:}), critical basicConstraints {@code CA:FALSE}, critical
 * keyUsage {@code digitalSignature}, extendedKeyUsage {@code serverAuth, clientAuth} and a
 * subjectKeyIdentifier. It is signed with ECDSA over SHA-256.
 */
public final class SelfSignedIdentity {
  /** The default lifetime of a certificate. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(1);
  private static final Duration BACKDATE = Duration.ofMinutes(1);
  private static final String DEFAULT_HOSTNAME = "localhost";
  private static final int SERIAL_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Node's net.isIPv4: a dotted quad of decimal octets without leading zeros. */
  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

  private final List<String> hostnames;
  private final String keyPem;
  private final String certPem;

  private SelfSignedIdentity(List<String> hostnames, String keyPem, String certPem) {
    this.hostnames = hostnames;
    this.keyPem = keyPem;
    this.certPem = certPem;
  }

  /** A new identity for {@code hostnames} ({@code "localhost"} when none), valid for one day. */
  public static SelfSignedIdentity generate(String... hostnames) {
    return generate(DEFAULT_VALIDITY, hostnames);
  }

  /**
   * A new identity for {@code hostnames} ({@code "localhost"} when none), valid from one minute
   * ago until {@code validity} from now.
   *
   * @throws NodeError {@code ERR_INVALID_ARG_TYPE} or {@code ERR_INVALID_ARG_VALUE} for a missing,
   *     empty or malformed host name, {@code ERR_OUT_OF_RANGE} for a validity that is not positive
   * @throws OpenSslError when OpenSSL refuses a step (e.g. a common name longer than 64 bytes)
   */
  public static SelfSignedIdentity generate(Duration validity, String... hostnames) {
    if (validity == null) {
      throw NodeError.invalidArgType("validity", "an instance of Duration", null);
    }
    if (validity.isNegative() || validity.isZero()) {
      throw NodeError.outOfRange("validity", "> 0", validity);
    }
    List<String> names = checkedHostnames(hostnames);
    Lib.ensureAvailable();
    Err.clear();
    try (Owned key = required(CertBuilder.generateEcKey("P-256"));
        Owned cert = required(CertBuilder.newCertificate())) {
      MemorySegment x509 = cert.get();
      long now = Instant.now().getEpochSecond();
      check(CertBuilder.setVersion3(x509));
      check(CertBuilder.setSerial(x509, randomSerial()));
      check(CertBuilder.setValidity(x509, now - BACKDATE.toSeconds(), now + validity.toSeconds()));
      check(CertBuilder.setPublicKey(x509, key.get()));
      check(CertBuilder.setSelfIssuedCommonName(x509, names.getFirst()));
      check(CertBuilder.addExtension(x509, CertBuilder.NID_SUBJECT_ALT_NAME, subjectAltName(names)));
      check(CertBuilder.addExtension(x509, CertBuilder.NID_BASIC_CONSTRAINTS, "critical,CA:FALSE"));
      check(CertBuilder.addExtension(x509, CertBuilder.NID_KEY_USAGE, "critical,digitalSignature"));
      check(CertBuilder.addExtension(x509, CertBuilder.NID_EXT_KEY_USAGE, "serverAuth,clientAuth"));
      check(CertBuilder.addExtension(x509, CertBuilder.NID_SUBJECT_KEY_IDENTIFIER, "hash"));
      check(CertBuilder.signSha256(x509, key.get()));
      return new SelfSignedIdentity(names, required(CertBuilder.privateKeyPem(key.get())),
          required(CertBuilder.certificatePem(x509)));
    }
  }

  /** The host names the certificate names, in the order given (the first is its common name). */
  public List<String> hostnames() {
    return hostnames;
  }

  /** The private key: unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}). */
  public String keyPem() {
    return keyPem;
  }

  /** The certificate: PEM ({@code -----BEGIN CERTIFICATE-----}). */
  public String certPem() {
    return certPem;
  }

  /** Names the host names only: the private key stays out of logs. */
  @Override
  public String toString() {
    return "SelfSignedIdentity" + hostnames;
  }

  private static List<String> checkedHostnames(String[] hostnames) {
    if (hostnames == null) {
      throw NodeError.invalidArgType("hostnames", "an array of strings", null);
    }
    if (hostnames.length == 0) {
      return List.of(DEFAULT_HOSTNAME);
    }
    for (int i = 0; i < hostnames.length; i++) {
      String name = hostnames[i];
      if (name == null) {
        throw NodeError.invalidArgType("hostnames[" + i + "]", "of type string", null);
      }
      // A comma or space would split the openssl.cnf value the names are passed in; anything
      // outside printable ASCII cannot be a DNS name (IDNs are given in their xn-- form).
      if (name.isEmpty() || !name.chars().allMatch(c -> c > ' ' && c < 0x7f && c != ',')) {
        throw NodeError.invalidArgValue("hostnames[" + i + "]", name,
            "must be a host name or IP address in printable ASCII without commas");
      }
    }
    return List.of(hostnames);
  }

  private static String subjectAltName(List<String> names) {
    return names.stream().map(n -> (isIpLiteral(n) ? "IP:" : "DNS:") + n).collect(Collectors.joining(","));
  }

  /** Dotted-quad IPv4, or anything with a colon, which no DNS name has (OpenSSL rejects a bad IPv6). */
  private static boolean isIpLiteral(String name) {
    return IPV4.matcher(name).matches() || name.indexOf(':') >= 0;
  }

  /** 16 random bytes as a positive integer whose DER encoding is exactly 16 bytes: top bit clear, next bit set. */
  private static byte[] randomSerial() {
    byte[] serial = new byte[SERIAL_BYTES];
    RANDOM.nextBytes(serial);
    serial[0] = (byte) ((serial[0] & 0x7f) | 0x40);
    return serial;
  }

  private static void check(boolean ok) {
    if (!ok) {
      throw failure();
    }
  }

  private static <T> T required(T result) {
    if (result == null) {
      throw failure();
    }
    return result;
  }

  private static RuntimeException failure() {
    List<Err.Entry> entries = Err.drain();
    return entries.isEmpty()
        ? new IllegalStateException("OpenSSL failed to make a self-signed identity without saying why")
        : OpenSslError.forCrypto(entries);
  }
}

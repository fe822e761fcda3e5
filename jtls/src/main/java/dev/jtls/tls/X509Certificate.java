package dev.jtls.tls;

import dev.jtls.events.NodeError;
import dev.jtls.internal.openssl.Bio;
import dev.jtls.internal.openssl.CertBuilder;
import dev.jtls.internal.openssl.Err;
import dev.jtls.internal.openssl.Evp;
import dev.jtls.internal.openssl.Owned;
import dev.jtls.internal.openssl.Pem;
import dev.jtls.internal.openssl.Stack;
import dev.jtls.internal.openssl.X509;
import dev.jtls.internal.openssl.X509Name;
import dev.jtls.internal.openssl.X509v3;
import java.io.ByteArrayInputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Node's {@code crypto.X509Certificate}: a certificate read from PEM or DER without a connection,
 * or handed out by {@code getPeerX509Certificate()} / {@code getX509Certificate()}. Every property
 * has Node's value in Node's format; {@link #toLegacyObject()} is the object
 * {@code getPeerCertificate()} gives, and {@link #toJdk()} the same certificate for Java's APIs.
 *
 * <p>An immutable value that needs no closing: it keeps the certificate's DER and what was read
 * from it when it was made, and each method that asks OpenSSL (the {@code check*} methods,
 * {@link #verify}) decodes its own short-lived native copy and frees it before returning. So no
 * native memory outlives a call, an instance dropped without ceremony leaks nothing, and any
 * thread may use an instance at any time.
 */
public final class X509Certificate {
  /**
   * Node's kX509NameFlagsMultiline: ASN1_STRFLGS_ESC_2253 | ASN1_STRFLGS_ESC_CTRL |
   * ASN1_STRFLGS_UTF8_CONVERT | XN_FLAG_SEP_MULTILINE | XN_FLAG_FN_SN.
   */
  private static final long MULTILINE_NAME_FLAGS = 0x1L | 0x2L | 0x10L | (4L << 16);

  private final byte[] der;
  private final PeerCertificate legacy;
  private final String subject;
  private final String issuer;
  private final String infoAccess;
  private final String pem;
  private final byte[] publicKeyDer;
  /** The JDK's name of the key's algorithm, null when OpenSSL cannot decode the key; and the key in a form the JDK reads. */
  private final String jdkAlgorithm;
  private final byte[] jdkPublicKey;
  private final X509Certificate issuerCertificate;

  /**
   * {@code new X509Certificate(buffer)}: the first certificate of PEM text (a
   * {@code CERTIFICATE}, {@code X509 CERTIFICATE} or {@code TRUSTED CERTIFICATE} block; text
   * before it is skipped), or else a DER certificate (bytes after it are ignored), as Node reads
   * them. Anything else throws the {@link OpenSslError} Node throws: the PEM reader's.
   */
  public X509Certificate(byte[] buffer) {
    this(parse(buffer), null);
  }

  /** {@code new X509Certificate(string)}: the string's UTF-8 bytes, as Node's {@code Buffer.from(string)}. */
  public X509Certificate(String buffer) {
    this(parse(buffer == null ? null : buffer.getBytes(StandardCharsets.UTF_8)), null);
  }

  /** Reads everything from {@code x509} and closes it. */
  private X509Certificate(Owned x509, X509Certificate issuerCertificate) {
    try (x509) {
      MemorySegment x = x509.get();
      this.legacy = CertificateObjects.from(x);
      this.der = X509.toDer(x);
      this.subject = nameText(X509.subjectName(x));
      this.issuer = nameText(X509.issuerName(x));
      MemorySegment access = X509.extension(x, X509v3.NID_INFO_ACCESS);
      this.infoAccess = access.equals(MemorySegment.NULL) ? null : GeneralNameText.infoAccess(access);
      this.pem = CertBuilder.certificatePem(x);
      this.publicKeyDer = X509.publicKeyInfoDer(x);
      MemorySegment key = X509.publicKey(x);
      String type = key.equals(MemorySegment.NULL) ? null : Evp.typeName(key);
      this.jdkAlgorithm = type == null ? null : JdkPublicKeys.algorithm(type);
      this.jdkPublicKey = type == null ? null : JdkPublicKeys.jdkEncoding(key, publicKeyDer);
      this.issuerCertificate = issuerCertificate;
    } finally {
      Err.clear();
    }
  }

  /**
   * The object {@code getPeerX509Certificate()} gives for {@code leaf}: as Node does, its
   * {@code issuerCertificate} is the next certificate of the peer's chain in the order the peer
   * sent it, and so on to the end of the chain ({@code peerChain} as SSL_get_peer_cert_chain gives
   * it: on a client it starts with the leaf, which is skipped). Everything passed in is borrowed.
   */
  static X509Certificate ofPeer(MemorySegment leaf, MemorySegment peerChain) {
    int first = Stack.num(peerChain) > 0 && X509.same(Stack.value(peerChain, 0), leaf) ? 1 : 0;
    X509Certificate issuer = null;
    for (int i = Stack.num(peerChain) - 1; i >= first; i--) {
      issuer = new X509Certificate(X509.upRef(Stack.value(peerChain, i)), issuer);
    }
    return new X509Certificate(X509.upRef(leaf), issuer);
  }

  /** The object {@code getX509Certificate()} gives for a borrowed certificate: no issuerCertificate, as in Node. */
  static X509Certificate of(MemorySegment x509) {
    return new X509Certificate(X509.upRef(x509), null);
  }

  private static Owned parse(byte[] buffer) {
    if (buffer == null) {
      throw NodeError.invalidArgType("buffer", "of type string or an instance of Buffer, TypedArray, or DataView",
          null);
    }
    Err.clear();
    try (Owned bio = Bio.ofBytes(buffer)) {
      Owned x509 = Pem.readX509Aux(bio.get());
      if (x509 == null) {
        x509 = X509.fromDer(buffer);
      }
      if (x509 == null) {
        // Node reports the PEM reader's error, the oldest one queued.
        throw OpenSslError.forCrypto(Err.drain());
      }
      return x509;
    } finally {
      Err.clear();
    }
  }

  private static String nameText(MemorySegment name) {
    byte[] printed = X509Name.print(name, MULTILINE_NAME_FLAGS);
    // Node takes nothing printed (an empty name) as a failure too: undefined.
    return printed == null || printed.length == 0 ? null : new String(printed, StandardCharsets.UTF_8);
  }

  /** {@code x509.ca}: whether this is a CA certificate. */
  public boolean ca() {
    return legacy.ca();
  }

  /**
   * {@code x509.subject}: one {@code type=value} line per attribute, e.g.
   * {@code "C=UK\nO=jtls\nCN=localhost"}; null for an empty name.
   */
  public String subject() {
    return subject;
  }

  /** {@code x509.issuer}, in the form of {@link #subject()}. */
  public String issuer() {
    return issuer;
  }

  /** {@code x509.subjectAltName}, e.g. {@code "DNS:a.com, IP Address:127.0.0.1"}; null without the extension. */
  public String subjectAltName() {
    return legacy.subjectaltname();
  }

  /** {@code x509.infoAccess}: the authority information access lines, e.g. {@code "OCSP - URI:http://..."}; or null. */
  public String infoAccess() {
    return infoAccess;
  }

  /** {@code x509.validFrom}, e.g. {@code "Sep  3 21:40:37 2022 GMT"}. */
  public String validFrom() {
    return legacy.validFrom();
  }

  /** {@code x509.validTo}, in the form of {@link #validFrom()}. */
  public String validTo() {
    return legacy.validTo();
  }

  /** {@code x509.fingerprint}: SHA-1 of the DER as colon-separated uppercase hex. */
  public String fingerprint() {
    return legacy.fingerprint();
  }

  /** {@code x509.fingerprint256}: SHA-256 of the DER. */
  public String fingerprint256() {
    return legacy.fingerprint256();
  }

  /** {@code x509.fingerprint512}: SHA-512 of the DER. */
  public String fingerprint512() {
    return legacy.fingerprint512();
  }

  /** {@code x509.keyUsage}: the extended key usage OIDs, e.g. {@code ["1.3.6.1.5.5.7.3.1"]}; null without them. */
  public List<String> keyUsage() {
    return legacy.extKeyUsage();
  }

  /** {@code x509.serialNumber}: uppercase hex, e.g. {@code "0A0B"}. */
  public String serialNumber() {
    return legacy.serialNumber();
  }

  /** {@code x509.raw}: the DER encoding (a copy). */
  public byte[] raw() {
    return der.clone();
  }

  /**
   * {@code x509.issuerCertificate}: the issuer's certificate when this one came from a connection's
   * peer chain that holds it; null otherwise (Node's undefined).
   */
  public X509Certificate issuerCertificate() {
    return issuerCertificate;
  }

  /**
   * {@code x509.publicKey} as a Java key ({@code RSAPublicKey}, {@code ECPublicKey},
   * {@code EdECPublicKey}, ...). Throws {@link OpenSslError} when OpenSSL cannot decode the key,
   * and IllegalStateException when the JDK has no key factory for its type.
   */
  public PublicKey publicKey() {
    if (jdkAlgorithm == null) {
      // Decoding it again queues OpenSSL's reason, which Node reports.
      Err.clear();
      try (Owned key = Evp.publicKeyFromDer(publicKeyDer)) {
        throw key == null ? undecodableKey() : new IllegalStateException("OpenSSL decodes the key only on its own");
      } finally {
        Err.clear();
      }
    }
    return JdkPublicKeys.publicKey(jdkAlgorithm, jdkPublicKey);
  }

  /** The public key as DER SubjectPublicKeyInfo ({@code publicKey.export({type: 'spki', format: 'der'})}). */
  public byte[] publicKeyDer() {
    return publicKeyDer.clone();
  }

  /** The public key as PEM ({@code publicKey.export({type: 'spki', format: 'pem'})}). */
  public String publicKeyPem() {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(publicKeyDer)
        + "\n-----END PUBLIC KEY-----\n";
  }

  /**
   * {@code x509.checkHost(name)}: the name in the certificate that matches host {@code name}
   * (e.g. {@code "*.example.com"}), or null when none does.
   */
  public String checkHost(String name) {
    return checkHost(name, new X509CheckOptions());
  }

  /** {@code x509.checkHost(name, options)}. */
  public String checkHost(String name, X509CheckOptions options) {
    byte[] host = stringArgument("name", name).getBytes(StandardCharsets.UTF_8);
    int flags = flags(options);
    X509.Check check = withNative(x -> X509.checkHost(x, host, flags));
    return matched(check.result(), check.peername() != null ? check.peername() : name, "Invalid name");
  }

  /** {@code x509.checkEmail(email)}: {@code email} when the certificate holds that address, or null. */
  public String checkEmail(String email) {
    return checkEmail(email, new X509CheckOptions());
  }

  /** {@code x509.checkEmail(email, options)} (of the options, only {@code subject} matters to OpenSSL). */
  public String checkEmail(String email, X509CheckOptions options) {
    return checkName("email", email, options, X509::checkEmail, "Invalid name");
  }

  /**
   * {@code x509.checkIP(ip)}: {@code ip} when the certificate holds that IPv4 or IPv6 address, or
   * null; ERR_INVALID_ARG_VALUE when {@code ip} is not an address.
   */
  public String checkIP(String ip) {
    return checkIP(ip, new X509CheckOptions());
  }

  /**
   * {@code x509.checkIP(ip, options)}: Node checks the options and passes their flags on, though
   * none of them changes how OpenSSL compares addresses.
   */
  public String checkIP(String ip, X509CheckOptions options) {
    return checkName("ip", ip, options, X509::checkIpText, "Invalid IP");
  }

  /** {@code x509.checkIssued(otherCert)}: whether {@code otherCert} issued this certificate. */
  public boolean checkIssued(X509Certificate otherCert) {
    if (otherCert == null) {
      throw NodeError.invalidArgType("otherCert", "an instance of X509Certificate", null);
    }
    return withNative(subjectCert -> otherCert.withNative(issuerCert ->
        X509.checkIssued(issuerCert, subjectCert) == X509.X509_V_OK));
  }

  /** {@code x509.verify(publicKey)}: whether {@code publicKey} verifies this certificate's signature. */
  public boolean verify(PublicKey publicKey) {
    if (publicKey == null) {
      throw NodeError.invalidArgType("pkey", "an instance of PublicKey", null);
    }
    byte[] spki = encoded("pkey", publicKey.getEncoded(), publicKey);
    return withKey(Evp.publicKeyFromDer(spki), (x, key) -> X509.verify(x, key) > 0);
  }

  /** {@code x509.checkPrivateKey(privateKey)}: whether {@code privateKey} belongs to this certificate's public key. */
  public boolean checkPrivateKey(PrivateKey privateKey) {
    if (privateKey == null) {
      throw NodeError.invalidArgType("pkey", "an instance of PrivateKey", null);
    }
    byte[] pkcs8 = encoded("pkey", privateKey.getEncoded(), privateKey);
    try {
      return withKey(Evp.privateKeyFromDer(pkcs8), (x, key) -> X509.checkPrivateKey(x, key) == 1);
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
    }
  }

  /**
   * {@code x509.checkPrivateKey(privateKey)} for an unencrypted PEM private key (what Node's
   * {@code createPrivateKey(pem)} reads).
   */
  public boolean checkPrivateKey(String privateKeyPem) {
    byte[] text = stringArgument("pkey", privateKeyPem).getBytes(StandardCharsets.UTF_8);
    Err.clear();
    Owned key;
    try (Owned bio = Bio.ofBytes(text)) {
      key = Pem.readPrivateKey(bio.get(), null);
    }
    return withKey(key, (x, k) -> X509.checkPrivateKey(x, k) == 1);
  }

  /** {@code x509.toLegacyObject()}: the certificate object of {@code getPeerCertificate()}, without issuers. */
  public PeerCertificate toLegacyObject() {
    return legacy;
  }

  /** The same certificate as a {@code java.security.cert.X509Certificate}, for Java's APIs. */
  public java.security.cert.X509Certificate toJdk() {
    try {
      return (java.security.cert.X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException e) {
      throw new IllegalStateException("the JDK cannot read this certificate", e);
    }
  }

  /** {@code x509.toJSON()}: the PEM encoding. */
  public String toJSON() {
    return pem;
  }

  /** {@code x509.toString()}: the PEM encoding. */
  @Override
  public String toString() {
    return pem;
  }

  /** Two objects are equal when they hold the same certificate (the same DER). */
  @Override
  public boolean equals(Object o) {
    return o instanceof X509Certificate other && Arrays.equals(der, other.der);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(der);
  }

  /** X509_check_email or X509_check_ip_asc. */
  private interface NameCheck {
    int apply(MemorySegment x509, byte[] name, int flags);
  }

  /** {@code value} when {@code check} finds it in the certificate, null when not; Node's errors otherwise. */
  private String checkName(String argument, String value, X509CheckOptions options, NameCheck check,
      String malformed) {
    byte[] bytes = stringArgument(argument, value).getBytes(StandardCharsets.UTF_8);
    int flags = flags(options);
    return matched(withNative(x -> check.apply(x, bytes, flags)), value, malformed);
  }

  private interface KeyCheck {
    boolean test(MemorySegment x509, MemorySegment key);
  }

  /** Runs {@code check} with this certificate's native copy and {@code key} (null: not decodable), then frees both. */
  private boolean withKey(Owned key, KeyCheck check) {
    if (key == null) {
      throw undecodableKey();
    }
    try (key) {
      return withNative(x -> check.test(x, key.get()));
    }
  }

  /** Runs {@code action} on a native copy of this certificate, freed when it returns, with a clean error queue. */
  private <T> T withNative(Function<MemorySegment, T> action) {
    Err.clear();
    try (Owned x509 = X509.fromDer(der)) {
      return action.apply(x509.get());
    } finally {
      Err.clear();
    }
  }

  private static OpenSslError undecodableKey() {
    List<Err.Entry> errors = Err.drain();
    if (errors.isEmpty()) {
      throw new IllegalStateException("OpenSSL cannot decode the key");
    }
    return OpenSslError.forCrypto(errors);
  }

  private static String stringArgument(String name, String value) {
    if (value == null) {
      throw NodeError.invalidArgType(name, "of type string", null);
    }
    return value;
  }

  private static byte[] encoded(String name, byte[] encoding, Object key) {
    if (encoding == null) {
      throw NodeError.invalidArgValue(name, key, "has no encoding OpenSSL can read");
    }
    return encoding;
  }

  private static int flags(X509CheckOptions options) {
    if (options == null) {
      throw NodeError.invalidArgType("options", "of type object", null);
    }
    return options.flags();
  }

  /** Node's answer to an X509_check_* result: the match, null for none, a TypeError for malformed input. */
  private static String matched(int result, String match, String malformed) {
    return switch (result) {
      case 1 -> match;
      case 0 -> null;
      case -2 -> throw new NodeError("ERR_INVALID_ARG_VALUE", malformed);
      default -> throw new NodeError("ERR_CRYPTO_OPERATION_FAILED", "Operation failed");
    };
  }
}

package dev.jtls.tls;

import dev.jtls.internal.openssl.Asn1;
import dev.jtls.internal.openssl.Bn;
import dev.jtls.internal.openssl.Ec;
import dev.jtls.internal.openssl.Err;
import dev.jtls.internal.openssl.Evp;
import dev.jtls.internal.openssl.Obj;
import dev.jtls.internal.openssl.Owned;
import dev.jtls.internal.openssl.Rsa;
import dev.jtls.internal.openssl.Stack;
import dev.jtls.internal.openssl.X509;
import dev.jtls.internal.openssl.X509Name;
import dev.jtls.internal.openssl.X509Store;
import dev.jtls.internal.openssl.X509v3;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds Node's certificate object from an OpenSSL X509*: every field {@code getPeerCertificate()}
 * has, under Node's keys, in Node's order, in Node's formats (including what Node's JavaScript
 * side does to the native object: infoAccess text becomes an object of lists).
 */
final class CertificateObjects {
  /** OBJ_obj2txt buffer sizes Node uses: attribute types it does not know, extended key usages. */
  private static final int NAME_TYPE_TEXT_CAPACITY = 80;
  private static final int KEY_USAGE_TEXT_CAPACITY = 256;

  /** Node's translatePeerCertificate splits infoAccess text into "key:value" lines with this pattern. */
  private static final Pattern INFO_ACCESS_LINE = Pattern.compile("([^\\n:]*):([^\\n]*)(?:\\n|\\z)");

  private CertificateObjects() {}

  /** The certificate object of {@code x509} (borrowed: not freed here). */
  static PeerCertificate from(MemorySegment x509) {
    try {
      Map<String, Object> fields = new LinkedHashMap<>();
      putPresent(fields, "subject", nameObject(X509.subjectName(x509)));
      putPresent(fields, "issuer", nameObject(X509.issuerName(x509)));
      putExtensionText(fields, "subjectaltname", x509, X509v3.NID_SUBJECT_ALT_NAME, GeneralNameText::subjectAltName);
      putExtensionText(fields, "infoAccess", x509, X509v3.NID_INFO_ACCESS,
          ext -> infoAccessObject(GeneralNameText.infoAccess(ext)));
      // X509_check_ca answers several non-CA kinds; only 1 means "is a CA".
      fields.put("ca", X509.checkCa(x509) == 1);
      putPublicKey(fields, X509.publicKey(x509));
      fields.put("valid_from", Asn1.timeText(X509.notBefore(x509)));
      fields.put("valid_to", Asn1.timeText(X509.notAfter(x509)));
      byte[] der = X509.toDer(x509);
      fields.put("fingerprint", fingerprint("SHA-1", der));
      fields.put("fingerprint256", fingerprint("SHA-256", der));
      fields.put("fingerprint512", fingerprint("SHA-512", der));
      putPresent(fields, "ext_key_usage", extKeyUsage(x509));
      putPresent(fields, "serialNumber", Asn1.integerHex(X509.serialNumber(x509)));
      fields.put("raw", der);
      return PeerCertificate.of(fields);
    } finally {
      // What OpenSSL queued while decoding (an undecodable key, a repeated extension) is no error of the caller's.
      Err.clear();
    }
  }

  /** The certificate object of a DER certificate. */
  static PeerCertificate fromDer(byte[] der) {
    try (Owned x509 = X509.fromDer(der)) {
      if (x509 == null) {
        throw new IllegalArgumentException("not a DER-encoded X.509 certificate");
      }
      return from(x509.get());
    } finally {
      Err.clear();
    }
  }

  /**
   * The detailed certificate object ({@code getPeerCertificate(true)}): {@code leaf}'s object whose
   * {@code issuerCertificate} links lead through the issuers found in {@code peerChain} (as
   * SSL_get_peer_cert_chain gives it: on a client it starts with the leaf itself, which is
   * skipped), then through the issuers found in the trust {@code store}; a self-issued last
   * certificate links to itself. {@code peerChain} and {@code store} may be NULL; everything passed
   * in is borrowed.
   */
  static PeerCertificate detailed(MemorySegment leaf, MemorySegment peerChain, MemorySegment store) {
    List<MemorySegment> candidates = new ArrayList<>();
    for (int i = 0; i < Stack.num(peerChain); i++) {
      MemorySegment cert = Stack.value(peerChain, i);
      if (i != 0 || !X509.same(cert, leaf)) {
        candidates.add(cert);
      }
    }
    PeerCertificate result = from(leaf);
    PeerCertificate last = result;
    MemorySegment cert = leaf;
    for (MemorySegment issuer = issuerAmong(candidates, cert); issuer != null; issuer = issuerAmong(candidates, cert)) {
      candidates.remove(issuer);
      last = link(last, issuer);
      cert = issuer;
    }
    List<Owned> fromStore = new ArrayList<>();
    List<MemorySegment> linked = new ArrayList<>(List.of(cert));
    try {
      while (!store.equals(MemorySegment.NULL) && !selfIssued(cert)) {
        Owned issuer = X509Store.issuerOf(store, cert);
        if (issuer == null) {
          break;
        }
        fromStore.add(issuer);
        if (linkedBefore(linked, issuer.get())) {
          // A cycle of cross-signed certificates in the store: Node would loop forever here.
          break;
        }
        last = link(last, issuer.get());
        // A self-signed certificate without keyCertSign is not self-issued to OpenSSL, and the
        // store hands back the very object it looked up: stop, as Node does, after linking it once more.
        if (issuer.get().address() == cert.address()) {
          break;
        }
        cert = issuer.get();
        linked.add(cert);
      }
      if (selfIssued(cert)) {
        last.setIssuerCertificate(last);
      }
      return result;
    } finally {
      fromStore.forEach(Owned::close);
      Err.clear();
    }
  }

  private static PeerCertificate link(PeerCertificate last, MemorySegment issuer) {
    PeerCertificate object = from(issuer);
    last.setIssuerCertificate(object);
    return object;
  }

  private static MemorySegment issuerAmong(List<MemorySegment> candidates, MemorySegment cert) {
    for (MemorySegment candidate : candidates) {
      if (X509.checkIssued(candidate, cert) == X509.X509_V_OK) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * Whether the store's {@code cert} object was linked before the current certificate. The store
   * hands out its own objects, so a cycle among them shows as the same pointer coming back.
   */
  private static boolean linkedBefore(List<MemorySegment> linked, MemorySegment cert) {
    for (int i = 0; i < linked.size() - 1; i++) {
      if (linked.get(i).address() == cert.address()) {
        return true;
      }
    }
    return false;
  }

  private static boolean selfIssued(MemorySegment cert) {
    return X509.checkIssued(cert, cert) == X509.X509_V_OK;
  }

  private static void putPresent(Map<String, Object> fields, String key, Object value) {
    if (value != null) {
      fields.put(key, value);
    }
  }

  /** Absent extension: no key; one OpenSSL cannot decode: the key with null, as Node has it. */
  private static void putExtensionText(Map<String, Object> fields, String key, MemorySegment x509, int nid,
      Function<MemorySegment, Object> value) {
    MemorySegment extension = X509.extension(x509, nid);
    if (!extension.equals(MemorySegment.NULL)) {
      fields.put(key, value.apply(extension));
    }
  }

  /**
   * subject / issuer: attribute short name (or dotted OID when OpenSSL knows no name) to the
   * value in UTF-8; a repeated attribute becomes a list. Null when a value cannot be converted
   * (Node then leaves the whole key out).
   */
  private static Map<String, Object> nameObject(MemorySegment name) {
    Map<String, Object> result = new LinkedHashMap<>();
    int count = X509Name.entryCount(name);
    for (int i = 0; i < count; i++) {
      MemorySegment entry = X509Name.entry(name, i);
      MemorySegment type = X509Name.entryType(entry);
      int nid = Obj.nid(type);
      String key = nid != Obj.NID_UNDEF ? Obj.shortName(nid) : Obj.text(type, true, NAME_TYPE_TEXT_CAPACITY);
      byte[] utf8 = Asn1.toUtf8(X509Name.entryValue(entry));
      if (utf8 == null) {
        return null;
      }
      String value = new String(utf8, StandardCharsets.UTF_8);
      result.merge(key, value, CertificateObjects::appendValue);
    }
    result.replaceAll((k, v) -> v instanceof List<?> list ? List.copyOf(list) : v);
    return Collections.unmodifiableMap(result);
  }

  private static Object appendValue(Object existing, Object added) {
    List<Object> values = new ArrayList<>();
    if (existing instanceof List<?> list) {
      values.addAll(list);
    } else {
      values.add(existing);
    }
    values.add(added);
    return values;
  }

  /** Node's JavaScript turns the infoAccess text into {method and name type: [locations]}. */
  static Map<String, Object> infoAccessObject(String text) {
    if (text == null) {
      return null;
    }
    Map<String, List<String>> lists = new LinkedHashMap<>();
    Matcher m = INFO_ACCESS_LINE.matcher(text);
    while (m.find()) {
      String value = m.group(2);
      if (!value.isEmpty() && value.charAt(0) == '"') {
        value = CertificateJson.parseString(value);
      }
      lists.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(value);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    lists.forEach((k, v) -> result.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(result);
  }

  private static void putPublicKey(Map<String, Object> fields, MemorySegment pkey) {
    if (pkey.equals(MemorySegment.NULL)) {
      return;
    }
    switch (Evp.id(pkey)) {
      case Evp.EVP_PKEY_RSA -> {
        MemorySegment rsa = Evp.rsa(pkey);
        MemorySegment n = Rsa.modulus(rsa);
        fields.put("modulus", Bn.printed(n));
        fields.put("bits", Bn.numBits(n));
        fields.put("exponent", "0x" + Long.toUnsignedString(Bn.word(Rsa.exponent(rsa)), 16));
        fields.put("pubkey", Rsa.publicKeyDer(rsa));
      }
      case Evp.EVP_PKEY_EC -> putEcKey(fields, Evp.ecKey(pkey));
      default -> { }
    }
  }

  private static void putEcKey(Map<String, Object> fields, MemorySegment ec) {
    MemorySegment group = Ec.group(ec);
    if (group.equals(MemorySegment.NULL)) {
      return;
    }
    int bits = Ec.orderBits(group);
    if (bits > 0) {
      fields.put("bits", bits);
    }
    putPresent(fields, "pubkey", Ec.publicPoint(ec));
    int nid = Ec.curveNid(group);
    if (nid != 0) {
      putPresent(fields, "asn1Curve", Obj.shortName(nid));
      putPresent(fields, "nistCurve", Ec.nistName(nid));
    }
  }

  /** ext_key_usage: the dotted OIDs of the extendedKeyUsage extension, or null without one. */
  private static List<String> extKeyUsage(MemorySegment x509) {
    MemorySegment usages = X509.decodedExtension(x509, X509v3.NID_EXT_KEY_USAGE);
    if (usages.equals(MemorySegment.NULL)) {
      return null;
    }
    try {
      List<String> oids = new ArrayList<>();
      for (int i = 0; i < Stack.num(usages); i++) {
        String oid = Obj.text(Stack.value(usages, i), true, KEY_USAGE_TEXT_CAPACITY);
        if (oid != null) {
          oids.add(oid);
        }
      }
      return List.copyOf(oids);
    } finally {
      X509v3.freeExtendedKeyUsage(usages);
    }
  }

  /** A digest as colon-separated uppercase hex pairs: {@code 2A:7A:C2:...}. */
  static String fingerprint(String algorithm, byte[] der) {
    byte[] md;
    try {
      md = MessageDigest.getInstance(algorithm).digest(der);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is a required JDK algorithm", e);
    }
    StringBuilder sb = new StringBuilder(md.length * 3);
    for (int i = 0; i < md.length; i++) {
      if (i != 0) {
        sb.append(':');
      }
      sb.append(Character.toUpperCase(Character.forDigit((md[i] >> 4) & 0xF, 16)))
          .append(Character.toUpperCase(Character.forDigit(md[i] & 0xF, 16)));
    }
    return sb.toString();
  }
}

package dev.jtls.tls;

import dev.jtls.internal.openssl.Ec;
import dev.jtls.internal.openssl.Evp;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;

/**
 * Turns a certificate's public key into a {@code java.security.PublicKey}: the key type's JDK
 * name, and a SubjectPublicKeyInfo the JDK can read (it reads EC points only uncompressed, while a
 * certificate may carry them compressed).
 */
final class JdkPublicKeys {
  private static final int SEQUENCE = 0x30;
  private static final int BIT_STRING = 0x03;

  private JdkPublicKeys() {}

  /** The JDK's KeyFactory name for an OpenSSL key type name ({@code EVP_PKEY_get0_type_name}). */
  static String algorithm(String openSslType) {
    return switch (openSslType) {
      case "RSA-PSS" -> "RSASSA-PSS";
      case "ED25519" -> "Ed25519";
      case "ED448" -> "Ed448";
      case "DHX" -> "DH";
      default -> openSslType;
    };
  }

  /**
   * The SubjectPublicKeyInfo to give the JDK for {@code pkey} (borrowed), whose encoding in the
   * certificate is {@code spki}: the same bytes, except that an EC point is written uncompressed.
   */
  static byte[] jdkEncoding(MemorySegment pkey, byte[] spki) {
    if (Evp.id(pkey) != Evp.EVP_PKEY_EC) {
      return spki;
    }
    byte[] point = Ec.uncompressedPublicPoint(Evp.ecKey(pkey));
    if (point == null) {
      return spki;
    }
    // SEQUENCE { AlgorithmIdentifier, BIT STRING }: keep the algorithm, replace the key bits.
    int algorithmStart = contentStart(spki, 0);
    int algorithmEnd = contentStart(spki, algorithmStart) + contentLength(spki, algorithmStart);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(spki, algorithmStart, algorithmEnd - algorithmStart);
    byte[] bits = new byte[point.length + 1];
    System.arraycopy(point, 0, bits, 1, point.length);
    writeElement(body, BIT_STRING, bits);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeElement(out, SEQUENCE, body.toByteArray());
    return out.toByteArray();
  }

  /** A PublicKey of the JDK's {@code algorithm} from a SubjectPublicKeyInfo. */
  static PublicKey publicKey(String algorithm, byte[] spki) {
    try {
      return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot represent this " + algorithm + " public key", e);
    }
  }

  private static int contentStart(byte[] der, int offset) {
    int first = der[offset + 1] & 0xFF;
    return offset + 2 + (first < 0x80 ? 0 : first & 0x7F);
  }

  private static int contentLength(byte[] der, int offset) {
    int first = der[offset + 1] & 0xFF;
    if (first < 0x80) {
      return first;
    }
    int length = 0;
    for (int i = 0; i < (first & 0x7F); i++) {
      length = (length << 8) | (der[offset + 2 + i] & 0xFF);
    }
    return length;
  }

  private static void writeElement(ByteArrayOutputStream out, int tag, byte[] content) {
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      byte[] digits = BigInteger.valueOf(length).toByteArray();
      int skip = digits[0] == 0 ? 1 : 0;
      out.write(0x80 | (digits.length - skip));
      out.write(digits, skip, digits.length - skip);
    }
    out.writeBytes(content);
  }
}

package dev.jtls.tls;

import dev.jtls.internal.openssl.Asn1;
import dev.jtls.internal.openssl.Obj;
import dev.jtls.internal.openssl.Stack;
import dev.jtls.internal.openssl.X509Name;
import dev.jtls.internal.openssl.X509v3;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * The text Node prints for subjectAltName and authorityInfoAccess extensions: OpenSSL's
 * {@code i2v_GENERAL_NAME} style ({@code DNS:a, IP Address:1.2.3.4}), except that a name holding a
 * character that could confuse a reader splitting the list ({@code , " \ '}, control characters,
 * non-ASCII outside UTF-8 values) is written as a JSON string literal, prefix included.
 */
final class GeneralNameText {
  /** NIDs of the otherName types Node prints (the rest print as {@code othername:<unsupported>}). */
  private static final int NID_MS_UPN = 649;
  private static final int NID_ID_ON_SMTP_UTF8_MAILBOX = 1208;
  private static final int NID_XMPP_ADDR = 1209;
  private static final int NID_SRV_NAME = 1210;
  private static final int NID_NAI_REALM = 1211;

  /**
   * XN_FLAG_RFC2253 without ASN1_STRFLGS_ESC_MSB and ASN1_STRFLGS_ESC_CTRL: an RFC 2253 DN whose
   * UTF-8 and control characters are left for the JSON quoting to handle.
   */
  private static final long DIRNAME_FLAGS = 0x1110311L;

  /** i2t_ASN1_OBJECT buffer size Node uses for access methods; longer names are cut at 79 characters. */
  private static final int METHOD_TEXT_CAPACITY = 80;
  /** OBJ_obj2txt buffer size Node uses for registeredID names. */
  private static final int RID_TEXT_CAPACITY = 256;

  private GeneralNameText() {}

  /** The subjectaltname string of a subjectAltName extension, or null when it cannot be decoded or printed. */
  static String subjectAltName(MemorySegment extension) {
    MemorySegment names = X509v3.decode(extension);
    if (names.equals(MemorySegment.NULL)) {
      return null;
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = 0; i < Stack.num(names); i++) {
        if (i != 0) {
          ascii(out, ", ");
        }
        if (!generalName(out, Stack.value(names, i))) {
          return null;
        }
      }
      return out.toString(StandardCharsets.UTF_8);
    } finally {
      X509v3.freeGeneralNames(names);
    }
  }

  /**
   * The infoAccess text of an authorityInfoAccess extension, one {@code "<method> - <name>"} per
   * line, or null when it cannot be decoded or printed.
   */
  static String infoAccess(MemorySegment extension) {
    MemorySegment descriptions = X509v3.decode(extension);
    if (descriptions.equals(MemorySegment.NULL)) {
      return null;
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = 0; i < Stack.num(descriptions); i++) {
        MemorySegment description = Stack.value(descriptions, i);
        if (i != 0) {
          ascii(out, "\n");
        }
        String method = Obj.text(X509v3.accessMethod(description), false, METHOD_TEXT_CAPACITY);
        ascii(out, (method == null ? "" : method) + " - ");
        if (!generalName(out, X509v3.accessLocation(description))) {
          return null;
        }
      }
      return out.toString(StandardCharsets.UTF_8);
    } finally {
      X509v3.freeInfoAccess(descriptions);
    }
  }

  private static boolean generalName(ByteArrayOutputStream out, MemorySegment name) {
    int type = X509v3.nameType(name);
    switch (type) {
      case X509v3.GEN_DNS -> {
        ascii(out, "DNS:");
        altName(out, Asn1.bytes(X509v3.nameValue(name)), false, null);
      }
      case X509v3.GEN_EMAIL -> {
        ascii(out, "email:");
        altName(out, Asn1.bytes(X509v3.nameValue(name)), false, null);
      }
      case X509v3.GEN_URI -> {
        ascii(out, "URI:");
        altName(out, Asn1.bytes(X509v3.nameValue(name)), false, null);
      }
      case X509v3.GEN_DIRNAME -> {
        ascii(out, "DirName:");
        byte[] dn = X509Name.print(X509v3.nameValue(name), DIRNAME_FLAGS);
        if (dn == null) {
          return false;
        }
        altName(out, dn, true, null);
      }
      case X509v3.GEN_IPADD -> {
        ascii(out, "IP Address:");
        ascii(out, ipAddress(Asn1.bytes(X509v3.nameValue(name))));
      }
      case X509v3.GEN_RID -> {
        String oid = Obj.text(X509v3.nameValue(name), true, RID_TEXT_CAPACITY);
        ascii(out, "Registered ID:" + (oid == null ? "" : oid));
      }
      case X509v3.GEN_OTHERNAME -> otherName(out, name);
      case X509v3.GEN_X400 -> ascii(out, "X400Name:<unsupported>");
      case X509v3.GEN_EDIPARTY -> ascii(out, "EdiPartyName:<unsupported>");
      default -> throw new IllegalStateException("GENERAL_NAME of unknown type " + type);
    }
    return true;
  }

  /** IPv4 dotted; IPv6 as eight uppercase hex groups without zero compression, as Node prints them. */
  static String ipAddress(byte[] b) {
    if (b.length == 4) {
      return (b[0] & 0xFF) + "." + (b[1] & 0xFF) + "." + (b[2] & 0xFF) + "." + (b[3] & 0xFF);
    }
    if (b.length == 16) {
      StringBuilder sb = new StringBuilder();
      for (int j = 0; j < 8; j++) {
        if (j != 0) {
          sb.append(':');
        }
        sb.append(Integer.toHexString(((b[2 * j] & 0xFF) << 8) | (b[2 * j + 1] & 0xFF)).toUpperCase());
      }
      return sb.toString();
    }
    return "<invalid length=" + b.length + ">";
  }

  private static void otherName(ByteArrayOutputStream out, MemorySegment name) {
    String prefix;
    boolean unicode = true;
    switch (Obj.nid(X509v3.otherNameType(name))) {
      case NID_ID_ON_SMTP_UTF8_MAILBOX -> prefix = "SmtpUTF8Mailbox";
      case NID_XMPP_ADDR -> prefix = "XmppAddr";
      case NID_SRV_NAME -> {
        prefix = "SRVName";
        unicode = false;
      }
      case NID_MS_UPN -> prefix = "UPN";
      case NID_NAI_REALM -> prefix = "NAIRealm";
      default -> prefix = null;
    }
    MemorySegment value = X509v3.otherNameValue(name);
    int valueType = Asn1.typeOf(value);
    if (prefix == null || valueType != (unicode ? Asn1.V_ASN1_UTF8STRING : Asn1.V_ASN1_IA5STRING)) {
      ascii(out, "othername:<unsupported>");
      return;
    }
    ascii(out, "othername:");
    altName(out, Asn1.bytes(Asn1.stringOf(value)), unicode, prefix);
  }

  /**
   * Writes one name: as is (after {@code prefix:}) when it is safe, else as a JSON string literal
   * with the prefix inside, commas and control characters as backslash-u escapes (<code>&#92;u002c</code>), and bytes of
   * non-UTF-8 values read as Latin-1.
   */
  private static void altName(ByteArrayOutputStream out, byte[] name, boolean utf8, String prefix) {
    if (isSafe(name, utf8)) {
      if (prefix != null) {
        ascii(out, prefix + ":");
      }
      out.writeBytes(name);
      return;
    }
    out.write('"');
    if (prefix != null) {
      ascii(out, prefix + ":");
    }
    for (byte b : name) {
      int c = b & 0xFF;
      if (c == '\\') {
        ascii(out, "\\\\");
      } else if (c == '"') {
        ascii(out, "\\\"");
      } else if ((c >= ' ' && c != ',' && c <= '~') || (utf8 && c >= 0x80)) {
        out.write(c);
      } else {
        ascii(out, String.format("\\u00%02x", c));
      }
    }
    out.write('"');
  }

  private static boolean isSafe(byte[] name, boolean utf8) {
    for (byte b : name) {
      int c = b & 0xFF;
      if (c == '"' || c == '\\' || c == ',' || c == '\'') {
        return false;
      }
      boolean unsafe = utf8 ? (c < ' ' || c == 0x7F) : (c < ' ' || c > '~');
      if (unsafe) {
        return false;
      }
    }
    return true;
  }

  private static void ascii(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
  }
}

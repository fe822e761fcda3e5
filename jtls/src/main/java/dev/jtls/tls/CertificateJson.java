package dev.jtls.tls;

import java.util.List;
import java.util.Map;

/**
 * JSON the way Node's {@code JSON.stringify} writes a certificate object: same key order, same
 * string escapes, Buffers as {@code {"type":"Buffer","data":[...]}}. Also reads back the JSON
 * string literals Node's infoAccess text can hold, as {@code JSON.parse} would.
 */
final class CertificateJson {
  private CertificateJson() {}

  /**
   * The JSON of a certificate object and, for a detailed one, of its issuers. A self-signed
   * root's {@code issuerCertificate} refers to the root itself; JSON cannot hold that cycle, so
   * that one link is left out (what {@code JSON.stringify} writes with a replacer that drops an
   * {@code issuerCertificate} equal to its holder).
   */
  static String stringify(PeerCertificate certificate) {
    StringBuilder sb = new StringBuilder();
    writeCertificate(sb, certificate);
    return sb.toString();
  }

  private static void writeCertificate(StringBuilder sb, PeerCertificate certificate) {
    sb.append('{');
    boolean first = true;
    for (Map.Entry<String, Object> e : certificate.fields().entrySet()) {
      first = member(sb, first, e.getKey());
      writeValue(sb, e.getValue());
    }
    PeerCertificate issuer = certificate.issuerCertificate();
    if (issuer != null && issuer != certificate) {
      member(sb, first, "issuerCertificate");
      writeCertificate(sb, issuer);
    }
    sb.append('}');
  }

  private static boolean member(StringBuilder sb, boolean first, String key) {
    if (!first) {
      sb.append(',');
    }
    quote(sb, key);
    sb.append(':');
    return false;
  }

  private static void writeValue(StringBuilder sb, Object value) {
    switch (value) {
      case null -> sb.append("null");
      case String s -> quote(sb, s);
      case Boolean b -> sb.append(b);
      case Integer i -> sb.append(i);
      case byte[] bytes -> {
        sb.append("{\"type\":\"Buffer\",\"data\":[");
        for (int i = 0; i < bytes.length; i++) {
          if (i != 0) {
            sb.append(',');
          }
          sb.append(bytes[i] & 0xFF);
        }
        sb.append("]}");
      }
      case List<?> list -> {
        sb.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i != 0) {
            sb.append(',');
          }
          writeValue(sb, list.get(i));
        }
        sb.append(']');
      }
      case Map<?, ?> map -> {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
          first = member(sb, first, (String) e.getKey());
          writeValue(sb, e.getValue());
        }
        sb.append('}');
      }
      default -> throw new IllegalArgumentException("not a certificate field value: " + value.getClass());
    }
  }

  /** JSON.stringify's string quoting (ES2019 well-formed: lone surrogates escaped). */
  static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          boolean loneSurrogate = Character.isHighSurrogate(c)
              ? i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))
              : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
          if (c < 0x20 || loneSurrogate) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** JSON.parse of a string literal, e.g. <code>"a&#92;u002cb"</code>; throws IllegalArgumentException for anything else. */
  static String parseString(String literal) {
    if (literal.length() < 2 || literal.charAt(0) != '"' || literal.charAt(literal.length() - 1) != '"') {
      throw new IllegalArgumentException("not a JSON string: " + literal);
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i < literal.length() - 1; i++) {
      char c = literal.charAt(i);
      if (c == '"' || c < 0x20) {
        throw new IllegalArgumentException("not a JSON string: " + literal);
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (++i >= literal.length() - 1) {
        throw new IllegalArgumentException("not a JSON string: " + literal);
      }
      char e = literal.charAt(i);
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          int code = 0;
          for (int k = 1; k <= 4; k++) {
            char h = i + k < literal.length() - 1 ? literal.charAt(i + k) : 'x';
            int digit = h < 0x80 ? Character.digit(h, 16) : -1;
            if (digit < 0) {
              throw new IllegalArgumentException("not a JSON string: " + literal);
            }
            code = code * 16 + digit;
          }
          sb.append((char) code);
          i += 4;
        }
        default -> throw new IllegalArgumentException("not a JSON string: " + literal);
      }
    }
    return sb.toString();
  }
}

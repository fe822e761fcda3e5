package dev.jtls.tls;

import dev.jtls.events.NodeError;
import dev.jtls.internal.ip.IpAddresses;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Node's {@code tls.checkServerIdentity(hostname, cert)}, rule for rule:
 *
 * <ul>
 *   <li>An IP address host matches only {@code IP Address:} alt names, compared in libuv's
 *       canonical form (so {@code ::1} matches {@code 0:0:0:0:0:0:0:1}); never DNS names or the CN.
 *   <li>Any other host matches the {@code DNS:} alt names when there is at least one; only when
 *       there is none does it match the subject's CN (each value, when repeated). {@code URI:}
 *       alt names never match (CVE-2021-44531); IP alt names do not stop the CN from being used.
 *   <li>Names compare case-insensitively for A-Z only, ignoring one trailing dot on either side,
 *       label by label; a name with an empty label, or any character outside U+0021..U+007F,
 *       never matches.
 *   <li>A {@code *} may appear once, in the left-most label only, in a name of at least three
 *       labels; it stands for zero or more characters of exactly one label, so {@code b*z.a.com}
 *       matches {@code bz.a.com} and {@code biz.a.com}; a left-most label containing
 *       {@code xn--} compares literally.
 *   <li>Alt names containing {@code "} are split with the quoted parts read as JSON strings,
 *       so a comma inside quotes does not start a new name.
 * </ul>
 */
final class ServerIdentity {
  private ServerIdentity() {}

  /**
   * Checks {@code cert} against {@code hostname}.
   *
   * @return null when the certificate matches, else Node's error with its reason
   * @throws NodeError {@code ERR_TLS_CERT_ALTNAME_FORMAT} when the alt names hold a quote that
   *     does not open a valid JSON string, as Node throws
   */
  static CertAltNameInvalidError check(String hostname, PeerCertificate cert) {
    Objects.requireNonNull(cert, "cert");
    Map<String, Object> subject = cert.subject();
    String altNames = cert.subjectaltname();
    List<String> dnsNames = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    if (altNames != null && !altNames.isEmpty()) {
      for (String name : splitAltNames(altNames)) {
        if (name.startsWith("DNS:")) {
          dnsNames.add(name.substring(4));
        } else if (name.startsWith("IP Address:")) {
          ips.add(IpAddresses.canonicalize(name.substring(11)));
        }
      }
    }

    String host = unfqdn(String.valueOf(hostname));
    boolean valid = false;
    String reason;
    Object cn = subject == null ? null : subject.get("CN");
    if (IpAddresses.isIP(host) != 0) {
      valid = ips.contains(IpAddresses.canonicalize(host));
      reason = "IP: " + host + " is not in the cert's list: " + joinAsJavaScript(ips, ", ");
    } else if (!dnsNames.isEmpty() || isTruthy(cn)) {
      String[] hostParts = splitHost(host);
      if (!dnsNames.isEmpty()) {
        valid = dnsNames.stream().anyMatch(name -> matches(hostParts, name));
        reason = "Host: " + host + ". is not in the cert's altnames: " + altNames;
      } else if (cn instanceof List<?> values) {
        valid = values.stream().anyMatch(value -> value instanceof String name && matches(hostParts, name));
        reason = "Host: " + host + ". is not cert's CN: " + joinAsJavaScript(values, ",");
      } else {
        valid = matches(hostParts, String.valueOf(cn));
        reason = "Host: " + host + ". is not cert's CN: " + cn;
      }
    } else {
      reason = "Cert does not contain a DNS name";
    }
    return valid ? null : new CertAltNameInvalidError(reason, host, cert);
  }

  /** JavaScript's truthiness for a subject attribute: present, and not an empty string. */
  private static boolean isTruthy(Object value) {
    return value != null && !"".equals(value);
  }

  /** Array.prototype.join: null elements (Node's undefined) print as nothing. */
  private static String joinAsJavaScript(List<?> values, String separator) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(separator);
      }
      if (values.get(i) != null) {
        out.append(values.get(i));
      }
    }
    return out.toString();
  }

  /** Removes one trailing dot. */
  private static String unfqdn(String host) {
    return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
  }

  /** Labels of a name without its trailing dot, A-Z lower-cased (nothing else: no locale rules). */
  private static String[] splitHost(String host) {
    char[] chars = unfqdn(host).toCharArray();
    for (int i = 0; i < chars.length; i++) {
      if (chars[i] >= 'A' && chars[i] <= 'Z') {
        chars[i] += 'a' - 'A';
      }
    }
    return new String(chars).split("\\.", -1);
  }

  /** Whether {@code pattern} (a DNS alt name or a CN) names the host split into {@code hostParts}. */
  private static boolean matches(String[] hostParts, String pattern) {
    if (pattern.isEmpty()) {
      return false;
    }
    String[] patternParts = splitHost(pattern);
    if (hostParts.length != patternParts.length) {
      return false;
    }
    for (String part : patternParts) {
      if (part.isEmpty() || !isPrintableAscii(part)) {
        return false;
      }
    }
    for (int i = hostParts.length - 1; i > 0; i--) {
      if (!hostParts[i].equals(patternParts[i])) {
        return false;
      }
    }
    String hostLabel = hostParts[0];
    String patternLabel = patternParts[0];
    String[] around = patternLabel.split("\\*", -1);
    if (around.length == 1 || patternLabel.contains("xn--")) {
      return hostLabel.equals(patternLabel);
    }
    if (around.length > 2 || patternParts.length <= 2) {
      return false;
    }
    String prefix = around[0];
    String suffix = around[1];
    return prefix.length() + suffix.length() <= hostLabel.length()
        && hostLabel.startsWith(prefix)
        && hostLabel.endsWith(suffix);
  }

  /** U+0021..U+007F only: no blanks, controls or U-labels, which RFC 6125 matching cannot normalise. */
  private static boolean isPrintableAscii(String label) {
    for (int i = 0; i < label.length(); i++) {
      if (label.charAt(i) < 0x21 || label.charAt(i) > 0x7f) {
        return false;
      }
    }
    return true;
  }

  /**
   * The alt names string split at {@code ", "}. When it holds a quote, OpenSSL has quoted names
   * that contain a separator: each quoted part is read as a JSON string literal and joined to its
   * name, and separators inside it do not split.
   */
  private static List<String> splitAltNames(String altNames) {
    if (altNames.indexOf('"') < 0) {
      return List.of(altNames.split(", ", -1));
    }
    List<String> names = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int offset = 0;
    int length = altNames.length();
    while (offset < length) {
      int nextSeparator = altNames.indexOf(',', offset);
      int nextQuote = altNames.indexOf('"', offset);
      if (nextQuote >= 0 && (nextSeparator < 0 || nextQuote < nextSeparator)) {
        current.append(altNames, offset, nextQuote);
        offset = readJsonString(altNames, nextQuote, current);
        if (offset < 0) {
          throw new NodeError("ERR_TLS_CERT_ALTNAME_FORMAT", "Invalid subject alternative name string");
        }
      } else if (nextSeparator >= 0) {
        current.append(altNames, offset, nextSeparator);
        names.add(current.toString());
        current.setLength(0);
        // The separator is ", "; a lone trailing comma ends the string.
        offset = nextSeparator + 2;
      } else {
        current.append(altNames, offset, length);
        offset = length;
      }
    }
    names.add(current.toString());
    return names;
  }

  /**
   * Reads the JSON string literal (ECMA-404, exactly) that opens at {@code quote}, appending its
   * decoded value to {@code out}.
   *
   * @return the index just past its closing quote, or -1 when no valid literal starts there
   */
  private static int readJsonString(String s, int quote, StringBuilder out) {
    int i = quote + 1;
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == '"') {
        return i;
      }
      if (c < 0x20) {
        return -1;
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (i >= s.length()) {
        return -1;
      }
      char escape = s.charAt(i++);
      switch (escape) {
        case '"', '\\', '/' -> out.append(escape);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (i + 4 > s.length()) {
            return -1;
          }
          int unit = 0;
          for (int k = 0; k < 4; k++) {
            int digit = IpAddresses.hexValue(s.charAt(i + k));
            if (digit < 0) {
              return -1;
            }
            unit = unit * 16 + digit;
          }
          out.append((char) unit);
          i += 4;
        }
        default -> {
          return -1;
        }
      }
    }
    return -1;
  }
}

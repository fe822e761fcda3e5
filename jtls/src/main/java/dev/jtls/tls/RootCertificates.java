package dev.jtls.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bundled Mozilla CA store behind {@code tls.rootCertificates} and the default {@code ca}: the
 * resource {@code root-certificates.pem}, a verbatim copy of Node's list made by
 * {@code scripts/refresh-root-certificates.sh}. Each entry reads exactly like one of Node's: the
 * {@code BEGIN CERTIFICATE} line, base64 in lines of up to 72 characters, the {@code END CERTIFICATE}
 * line, lines joined by {@code \n}, no trailing newline.
 */
final class RootCertificates {
  private static final String RESOURCE = "root-certificates.pem";
  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
  private static final String END = "-----END CERTIFICATE-----";

  private RootCertificates() {}

  /** Node's {@code tls.rootCertificates}: immutable, in Node's order. */
  static List<String> list() {
    return Loaded.LIST;
  }

  /** Every entry, each followed by a newline: PEM input for the default X509 store. */
  static String bundle() {
    return Loaded.BUNDLE;
  }

  /** Reads the resource on first use only (class initialization is lazy and thread-safe). */
  private static final class Loaded {
    static final List<String> LIST = parse(read());
    static final String BUNDLE = String.join("\n", LIST) + "\n";
  }

  private static String read() {
    try (InputStream in = RootCertificates.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE + " in package dev.jtls.tls");
      }
      // A checkout that converted line endings must still yield Node's \n-only strings.
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).replace("\r\n", "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** The BEGIN..END blocks of {@code text}, verbatim; the comment header before the first is skipped. */
  private static List<String> parse(String text) {
    List<String> entries = new ArrayList<>();
    int from = text.indexOf(BEGIN);
    while (from >= 0) {
      int to = text.indexOf(END, from);
      if (to < 0) {
        throw new IllegalStateException(RESOURCE + " ends inside a certificate");
      }
      to += END.length();
      entries.add(text.substring(from, to));
      from = text.indexOf(BEGIN, to);
    }
    return List.copyOf(entries);
  }
}

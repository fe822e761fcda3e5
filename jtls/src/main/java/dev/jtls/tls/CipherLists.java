package dev.jtls.tls;

import dev.jtls.events.NodeError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A {@code ciphers} option split the way Node splits it: OpenSSL configures TLSv1.3 suites
 * ({@code TLS_*} names, {@code SSL_CTX_set_ciphersuites}) apart from the cipher list of TLSv1.2
 * and below ({@code SSL_CTX_set_cipher_list}).
 *
 * @param cipherList the entries for TLSv1.2 and below, colon-separated; may be empty
 * @param cipherSuites the TLSv1.3 entries ({@code TLS_*} and {@code !TLS_*}), colon-separated; may be empty
 */
record CipherLists(String cipherList, String cipherSuites) {
  /** Node's {@code util.inspect} truncates an error's received value after this many characters. */
  private static final int INSPECT_LIMIT = 128;

  /** Splits {@code ciphers}; a list with no entry at all is Node's {@code ERR_INVALID_ARG_VALUE}. */
  static CipherLists split(String ciphers) {
    String[] entries = ciphers.split(":", -1);
    List<String> list = new ArrayList<>();
    List<String> suites = new ArrayList<>();
    for (String entry : entries) {
      if (entry.startsWith("TLS_") || entry.startsWith("!TLS_")) {
        suites.add(entry);
      } else if (!entry.isEmpty()) {
        list.add(entry);
      }
    }
    if (list.isEmpty() && suites.isEmpty()) {
      throw new NodeError("ERR_INVALID_ARG_VALUE",
          "The property 'options.ciphers' is invalid. Received " + inspectEmptyStrings(entries.length));
    }
    return new CipherLists(String.join(":", list), String.join(":", suites));
  }

  /**
   * How Node's {@code util.inspect} prints an array of {@code n} empty strings (the only value that
   * reaches the error): on one line up to six entries, beyond that grouped in columns (its
   * {@code groupArrayElements} for entries two characters wide), cut after 128 characters.
   */
  private static String inspectEmptyStrings(int n) {
    if (n <= 6) {
      return "[ " + String.join(", ", Collections.nCopies(n, "''")) + " ]";
    }
    // Node shows at most 100 entries; 100 of them are far beyond the cut, so that limit never shows.
    int columns = (int) Math.min(Math.round(Math.sqrt(2.5 * Math.min(n, 100))), 12);
    StringBuilder out = new StringBuilder("[");
    for (int row = 0; row < n && out.length() <= INSPECT_LIMIT; row += columns) {
      int inRow = Math.min(columns, n - row);
      out.append(row == 0 ? "\n  " : ",\n  ").append("'', ".repeat(inRow - 1)).append("''");
    }
    out.append("\n]");
    return out.length() > INSPECT_LIMIT ? out.substring(0, INSPECT_LIMIT) + "..." : out.toString();
  }
}

package dev.jtls.tls.interop;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cipher suite names between OpenSSL's (what {@link Handshake} and jtls report) and the standard
 * ones (what JSSE speaks), as {@code openssl ciphers -stdname} pairs them.
 */
final class CipherNames {
  private static Map<String, String> toOpenssl;
  private static Map<String, String> toStandard;

  private CipherNames() {}

  static synchronized String openssl(String standard) {
    load();
    return known(toOpenssl, standard);
  }

  static synchronized String standard(String openssl) {
    load();
    return known(toStandard, openssl);
  }

  private static String known(Map<String, String> names, String name) {
    String other = names.get(name);
    if (other == null) {
      throw new AssertionError("openssl does not know the suite " + name);
    }
    return other;
  }

  private static void load() {
    if (toOpenssl != null) {
      return;
    }
    toOpenssl = new HashMap<>();
    toStandard = new HashMap<>();
    try (PeerProcess list = PeerProcess.start("openssl ciphers", Identity.PKI,
        List.of("openssl", "ciphers", "-stdname", "ALL:COMPLEMENTOFALL"))) {
      list.awaitExit();
      // Each line: "<standard name> - <openssl name> <version> Kx=... ".
      list.stdoutText().lines().map(l -> l.trim().split("\\s+")).filter(f -> f.length > 2 && f[1].equals("-"))
          .forEach(f -> {
            toOpenssl.put(f[0], f[2]);
            toStandard.put(f[2], f[0]);
          });
    }
  }
}

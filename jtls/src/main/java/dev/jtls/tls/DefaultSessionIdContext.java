package dev.jtls.tls;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The session ID context a server gets when its options name none. Node hashes
 * {@code process.argv.join(' ')} with SHA-1 and keeps 32 hex digits (128 bits), so every process
 * started with the same command line resumes the others' sessions and no other program's. The JVM's
 * equivalent is its command line as the OS reports it ({@code ProcessHandle.info().commandLine()});
 * where the OS does not report it, the launcher's {@code sun.java.command} (main class and
 * arguments) stands in.
 */
final class DefaultSessionIdContext {
  static final String VALUE = compute();

  private DefaultSessionIdContext() {}

  private static String compute() {
    String commandLine = ProcessHandle.current().info().commandLine()
        .orElseGet(() -> System.getProperty("java.home") + " " + System.getProperty("sun.java.command", ""));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(commandLine.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }
}

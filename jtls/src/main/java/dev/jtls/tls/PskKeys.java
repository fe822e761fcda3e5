package dev.jtls.tls;

import dev.jtls.events.NodeError;
import dev.jtls.internal.openssl.SslCallbacks;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** What a pskCallback returned, checked as Node's onPskServerCallback / onPskClientCallback check it. */
final class PskKeys {
  private PskKeys() {}

  /**
   * The checked answer of a user's pskCallback, or null (OpenSSL then has no key) with what the
   * callback threw, or why its answer cannot be taken, handed to {@code failure}.
   */
  static <T> T ask(Supplier<T> answer, Consumer<RuntimeException> failure) {
    try {
      return answer.get();
    } catch (RuntimeException e) {
      failure.accept(e);
      return null;
    }
  }

  /** A server's key (null refuses the identity); longer than OpenSSL takes is Node's ERR_INVALID_ARG_VALUE. */
  static byte[] checked(byte[] psk, int maxPskLength) {
    if (psk != null && psk.length > maxPskLength) {
      throw NodeError.invalidArgValue("psk", psk, "Pre-shared key exceeds " + maxPskLength + " bytes");
    }
    return psk;
  }

  /** A client's identity and key (null gives none), each within the length OpenSSL takes. */
  static SslCallbacks.PskAnswer checked(PskClientCallback.Identity answer, int maxIdentityLength, int maxPskLength) {
    if (answer == null) {
      return null;
    }
    if (answer.psk() == null) {
      throw NodeError.invalidArgType("psk", "an instance of Buffer, TypedArray, or DataView", null);
    }
    checked(answer.psk(), maxPskLength);
    if (answer.identity() == null) {
      throw NodeError.invalidArgType("identity", "of type string", null);
    }
    byte[] identity = answer.identity().getBytes(StandardCharsets.UTF_8);
    if (identity.length > maxIdentityLength) {
      throw NodeError.invalidArgValue("identity", answer.identity(), "PSK identity exceeds " + maxIdentityLength + " bytes");
    }
    return new SslCallbacks.PskAnswer(identity, answer.psk());
  }
}

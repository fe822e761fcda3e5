package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.function.Consumer;

/**
 * OpenSSL's PEM area: reading certificates and private keys from a BIO, one PEM block per call.
 *
 * <p>No password callback is passed. OpenSSL then uses its default callback, which takes the
 * {@code u} argument as the passphrase; with {@code u} NULL it would prompt on the terminal, so
 * {@code u} is always a C string, empty when there is no passphrase (as Node's callback answers
 * an empty passphrase then).
 */
public final class Pem {
  private static final FunctionDescriptor READ = FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER, C_POINTER,
      C_POINTER);
  private static final MethodHandle PEM_read_bio_X509 = Lib.crypto("PEM_read_bio_X509", READ);
  private static final MethodHandle PEM_read_bio_X509_AUX = Lib.crypto("PEM_read_bio_X509_AUX", READ);
  private static final MethodHandle PEM_read_bio_PrivateKey = Lib.crypto("PEM_read_bio_PrivateKey", READ);

  private Pem() {}

  /**
   * The next {@code CERTIFICATE} or {@code X509 CERTIFICATE} block of {@code bio} (skipping other
   * blocks), owned; null at the end or on error (queued).
   */
  public static Owned readX509(MemorySegment bio) {
    return read(PEM_read_bio_X509, bio, "", LiveNatives.Kind.X509, X509.X509_free);
  }

  /**
   * As {@link #readX509(MemorySegment)}, also accepting {@code TRUSTED CERTIFICATE} blocks (a
   * certificate with OpenSSL's trust settings).
   */
  public static Owned readX509Aux(MemorySegment bio) {
    return read(PEM_read_bio_X509_AUX, bio, "", LiveNatives.Kind.X509, X509.X509_free);
  }

  /**
   * Reads every certificate block of {@code bio} as {@link #readX509Aux(MemorySegment)} does and
   * hands each to {@code action}, borrowed: it is freed when {@code action} returns. Stops at the
   * end of the input or at the first broken block (the reason is queued).
   */
  public static void forEachX509Aux(MemorySegment bio, Consumer<MemorySegment> action) {
    Owned cert;
    while ((cert = readX509Aux(bio)) != null) {
      try (Owned owned = cert) {
        action.accept(owned.get());
      }
    }
  }

  /**
   * The next private key block of {@code bio}, decrypted with {@code passphrase} when encrypted
   * (null: no passphrase), owned; null on error (queued).
   */
  public static Owned readPrivateKey(MemorySegment bio, String passphrase) {
    return read(PEM_read_bio_PrivateKey, bio, passphrase == null ? "" : passphrase, LiveNatives.Kind.EVP_PKEY,
        Evp.EVP_PKEY_free);
  }

  private static Owned read(MethodHandle reader, MemorySegment bio, String passphrase, LiveNatives.Kind kind,
      MethodHandle free) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment u = arena.allocateFrom(passphrase);
      MemorySegment object = (MemorySegment) reader.invokeExact(bio, MemorySegment.NULL, MemorySegment.NULL, u);
      u.fill((byte) 0); // the passphrase copy should not linger in freed native memory
      return object.equals(MemorySegment.NULL) ? null : Owned.of(object, kind, free);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }
}

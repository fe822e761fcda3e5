package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_INT;
import static dev.jtls.internal.openssl.Lib.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/** PKCS#12 (PFX) files: a private key, its certificate and further certificates, under one password. */
public final class Pkcs12 {
  private static final MethodHandle d2i_PKCS12_bio = Lib.crypto("d2i_PKCS12_bio",
      FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER));
  private static final MethodHandle PKCS12_parse = Lib.crypto("PKCS12_parse",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER));
  private static final MethodHandle PKCS12_free = Lib.crypto("PKCS12_free", FunctionDescriptor.ofVoid(C_POINTER));

  private Pkcs12() {}

  /** The parts of a parsed file, each owned; close frees them all. */
  public record Contents(Owned key, Owned cert, List<Owned> extraCerts) implements AutoCloseable {
    @Override
    public void close() {
      if (key != null) {
        key.close();
      }
      if (cert != null) {
        cert.close();
      }
      extraCerts.forEach(Owned::close);
    }
  }

  /**
   * Parses DER PKCS#12 bytes with {@code password} (null: none); null when the bytes are not
   * PKCS#12 or the password is wrong (OpenSSL's error queued).
   */
  public static Contents parse(byte[] der, String password) {
    try (Owned bio = Bio.ofBytes(der); Arena arena = Arena.ofConfined()) {
      MemorySegment p12 = (MemorySegment) d2i_PKCS12_bio.invokeExact(bio.get(), MemorySegment.NULL);
      if (p12.equals(MemorySegment.NULL)) {
        return null;
      }
      try {
        MemorySegment pkey = arena.allocate(C_POINTER);
        MemorySegment cert = arena.allocate(C_POINTER);
        MemorySegment ca = arena.allocate(C_POINTER);
        MemorySegment pass = password == null ? MemorySegment.NULL : arena.allocateFrom(password);
        int ok = (int) PKCS12_parse.invokeExact(p12, pass, pkey, cert, ca);
        if (ok != 1) {
          return null;
        }
        Owned key = orNull(pkey.get(C_POINTER, 0), true);
        Owned leaf = orNull(cert.get(C_POINTER, 0), false);
        List<Owned> extra = new ArrayList<>();
        MemorySegment stack = ca.get(C_POINTER, 0);
        if (!stack.equals(MemorySegment.NULL)) {
          for (int i = 0, n = Stack.num(stack); i < n; i++) {
            extra.add(X509.own(Stack.value(stack, i)));
          }
          Stack.free(stack);
        }
        return new Contents(key, leaf, List.copyOf(extra));
      } finally {
        PKCS12_free.invokeExact(p12);
      }
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  private static Owned orNull(MemorySegment pointer, boolean isKey) {
    if (pointer.equals(MemorySegment.NULL)) {
      return null;
    }
    return isKey ? Evp.own(pointer) : X509.own(pointer);
  }
}

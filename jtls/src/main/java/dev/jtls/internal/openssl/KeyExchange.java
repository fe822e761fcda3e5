package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_INT;
import static dev.jtls.internal.openssl.Lib.C_LONG;
import static dev.jtls.internal.openssl.Lib.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/** What a completed handshake agreed on for key exchange and signatures. */
public final class KeyExchange {
  private static final MethodHandle SSL_ctrl = Lib.ssl("SSL_ctrl",
      FunctionDescriptor.of(C_LONG, C_POINTER, C_INT, C_LONG, C_POINTER));
  private static final MethodHandle EVP_PKEY_get_bits = Lib.crypto("EVP_PKEY_get_bits",
      FunctionDescriptor.of(C_INT, C_POINTER));
  private static final MethodHandle SSL_get_shared_sigalgs = Lib.ssl("SSL_get_shared_sigalgs",
      FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER));

  private static final int SSL_CTRL_GET_PEER_TMP_KEY = 109;
  public static final int EVP_PKEY_DH = 28;
  public static final int EVP_PKEY_RSA_PSS = 912;
  public static final int EVP_PKEY_DSA = 116;
  public static final int NID_X25519 = 1034;
  public static final int NID_X448 = 1035;
  public static final int NID_ED25519 = 1087;
  public static final int NID_ED448 = 1088;

  private KeyExchange() {}

  /** SSL_get_peer_tmp_key: the peer's ephemeral key of this handshake (owned), or null when there was none. */
  public static Owned peerTmpKey(MemorySegment ssl) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(C_POINTER);
      long ok = (long) SSL_ctrl.invokeExact(ssl, SSL_CTRL_GET_PEER_TMP_KEY, 0L, out);
      MemorySegment key = out.get(C_POINTER, 0);
      return ok == 1 && !key.equals(MemorySegment.NULL) ? Evp.own(key) : null;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** EVP_PKEY_get_bits. */
  public static int bits(MemorySegment pkey) {
    try {
      return (int) EVP_PKEY_get_bits.invokeExact(pkey);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** The shared signature algorithms, most preferred first, each as its (signature NID, hash NID) pair. */
  public static List<int[]> sharedSigalgs(MemorySegment ssl) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment sign = arena.allocate(C_INT);
      MemorySegment hash = arena.allocate(C_INT);
      int n = (int) SSL_get_shared_sigalgs.invokeExact(ssl, 0, MemorySegment.NULL, MemorySegment.NULL,
          MemorySegment.NULL, MemorySegment.NULL, MemorySegment.NULL);
      List<int[]> pairs = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int ignored = (int) SSL_get_shared_sigalgs.invokeExact(ssl, i, sign, hash, MemorySegment.NULL,
            MemorySegment.NULL, MemorySegment.NULL);
        pairs.add(new int[] {sign.get(C_INT, 0), hash.get(C_INT, 0)});
      }
      return pairs;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }
}

package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_INT;
import static dev.jtls.internal.openssl.Lib.C_LONG;
import static dev.jtls.internal.openssl.Lib.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The session-ticket keys of one SSL_CTX, in Node's 48-byte layout (16-byte name, 16-byte
 * HMAC-SHA256 secret, 16-byte AES-128-CBC key), used by OpenSSL's ticket-key callback as Node's
 * TicketKeyCallback uses them. The SSL_CTX's ex_data slot holds a number mapping to this state;
 * the slot's free callback forgets it when OpenSSL frees the context.
 *
 * <p>Rotation: {@link #set} makes the new keys current (every new ticket is sealed under them) and
 * keeps the set it replaces as the previous one until the next {@code set}: a ticket sealed under
 * the previous keys still opens, and is renewed under the current ones. So a ticket stays usable
 * for its whole lifetime (the session timeout) when rotations are at least that far apart.
 */
public final class TicketKeys {
  private static final MethodHandle CRYPTO_get_ex_new_index = Lib.crypto("CRYPTO_get_ex_new_index",
      FunctionDescriptor.of(C_INT, C_INT, C_LONG, C_POINTER, C_POINTER, C_POINTER, C_POINTER));
  private static final MethodHandle SSL_CTX_set_ex_data = Lib.ssl("SSL_CTX_set_ex_data",
      FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_POINTER));
  private static final MethodHandle SSL_CTX_get_ex_data = Lib.ssl("SSL_CTX_get_ex_data",
      FunctionDescriptor.of(C_POINTER, C_POINTER, C_INT));
  private static final MethodHandle SSL_CTX_set_tlsext_ticket_key_evp_cb = Lib.ssl(
      "SSL_CTX_set_tlsext_ticket_key_evp_cb", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  private static final MethodHandle EVP_aes_128_cbc = Lib.crypto("EVP_aes_128_cbc", FunctionDescriptor.of(C_POINTER));
  private static final MethodHandle EVP_EncryptInit_ex = Lib.crypto("EVP_EncryptInit_ex",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER));
  private static final MethodHandle EVP_DecryptInit_ex = Lib.crypto("EVP_DecryptInit_ex",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER));
  private static final MethodHandle EVP_MAC_CTX_set_params = Lib.crypto("EVP_MAC_CTX_set_params",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
  private static final MethodHandle RAND_bytes = Lib.crypto("RAND_bytes",
      FunctionDescriptor.of(C_INT, C_POINTER, C_INT));

  /** Node's layout: name, HMAC secret, AES key, 16 bytes each. */
  public static final int LENGTH = 48;
  private static final int PART = 16;
  private static final int CRYPTO_EX_INDEX_SSL_CTX = 1;
  private static final int INDEX = newIndex();
  private static final AtomicLong NEXT_ID = new AtomicLong(1);
  private static final ConcurrentHashMap<Long, TicketKeys> BY_ID = new ConcurrentHashMap<>();
  private static final SecureRandom RANDOM = new SecureRandom();

  // OSSL_PARAM: {const char *key; unsigned int data_type; void *data; size_t data_size; size_t return_size}
  private static final long PARAM_SIZE = 40;
  private static final int OSSL_PARAM_UTF8_STRING = 4;
  private static final int OSSL_PARAM_OCTET_STRING = 5;
  private static final long OSSL_PARAM_UNMODIFIED = -1L;
  // Constant C strings of the HMAC parameters, made once rather than per ticket.
  private static final MemorySegment DIGEST = Arena.global().allocateFrom("digest");
  private static final MemorySegment KEY = Arena.global().allocateFrom("key");
  private static final MemorySegment SHA256 = Arena.global().allocateFrom("SHA256");

  /** The current set and the one it replaced (null before the first rotation), swapped together. */
  private record Sets(byte[] current, byte[] previous) {}

  private volatile Sets sets;

  private TicketKeys(byte[] initial) {
    this.sets = new Sets(initial, null);
  }

  /** Makes OpenSSL seal and open this context's tickets with its {@link TicketKeys}. */
  public static void install(MemorySegment ctx) {
    try {
      if ((int) SSL_CTX_set_tlsext_ticket_key_evp_cb.invokeExact(ctx, Upcalls.ticketKey()) != 1) {
        throw new IllegalStateException("SSL_CTX_set_tlsext_ticket_key_evp_cb failed");
      }
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** The keys of {@code ctx}; random ones (as Node's) until {@link #set} is called. */
  public static TicketKeys of(MemorySegment ctx) {
    TicketKeys keys = find(ctx);
    return keys != null ? keys : attach(ctx);
  }

  private static synchronized TicketKeys attach(MemorySegment ctx) {
    TicketKeys keys = find(ctx);
    if (keys != null) {
      return keys;
    }
    byte[] initial = new byte[LENGTH];
    RANDOM.nextBytes(initial);
    keys = new TicketKeys(initial);
    long id = NEXT_ID.getAndIncrement();
    BY_ID.put(id, keys);
    try {
      if ((int) SSL_CTX_set_ex_data.invokeExact(ctx, INDEX, MemorySegment.ofAddress(id)) != 1) {
        BY_ID.remove(id);
        throw new IllegalStateException("SSL_CTX_set_ex_data failed");
      }
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
    return keys;
  }

  private static TicketKeys find(MemorySegment ctx) {
    try {
      long id = ((MemorySegment) SSL_CTX_get_ex_data.invokeExact(ctx, INDEX)).address();
      return id == 0 ? null : BY_ID.get(id);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** The current keys (a copy). */
  public byte[] get() {
    return sets.current.clone();
  }

  /** New tickets are sealed under {@code keys} (48 bytes); the replaced set still opens tickets until the next call. */
  public void set(byte[] keys) {
    if (keys.length != LENGTH) {
      throw new IllegalArgumentException("ticket keys must be " + LENGTH + " bytes");
    }
    synchronized (this) {
      Sets now = sets;
      if (!Arrays.equals(now.current, keys)) {
        sets = new Sets(keys.clone(), now.current);
      }
    }
  }

  /** How many contexts have key state: for tests that check nothing is left behind. */
  public static int attached() {
    return BY_ID.size();
  }

  /** The SSL_CTX ex_data free callback: OpenSSL freed a context, its keys go too. */
  static void forget(MemorySegment value) {
    long id = value.address();
    if (id != 0) {
      BY_ID.remove(id);
    }
  }

  /**
   * The ticket-key callback's work (SSL_CTX_set_tlsext_ticket_key_evp_cb): sealing ({@code enc}
   * 1) names the current keys and picks a random IV; opening finds the keys by name. Returns 1
   * (current keys), 2 (previous keys: the ticket is renewed), 0 (unknown name: full handshake)
   * or -1 (failure).
   */
  static int callback(MemorySegment ctx, MemorySegment keyName, MemorySegment iv, MemorySegment cipherCtx,
      MemorySegment macCtx, int enc) throws Throwable {
    Sets now = of(ctx).sets;
    MemorySegment name = keyName.reinterpret(PART);
    byte[] keys;
    int result;
    if (enc == 1) {
      keys = now.current;
      MemorySegment.copy(keys, 0, name, ValueLayout.JAVA_BYTE, 0, PART);
      if ((int) RAND_bytes.invokeExact(iv, PART) != 1) {
        return -1;
      }
      result = 1;
    } else {
      byte[] offered = name.toArray(ValueLayout.JAVA_BYTE);
      if (Arrays.equals(offered, 0, PART, now.current, 0, PART)) {
        keys = now.current;
        result = 1;
      } else if (now.previous != null && Arrays.equals(offered, 0, PART, now.previous, 0, PART)) {
        keys = now.previous;
        result = 2;
      } else {
        return 0;
      }
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment params = arena.allocate(PARAM_SIZE * 3, 8);
      param(params, 0, DIGEST, OSSL_PARAM_UTF8_STRING, SHA256, SHA256.byteSize() - 1);
      MemorySegment hmac = arena.allocateFrom(ValueLayout.JAVA_BYTE, Arrays.copyOfRange(keys, PART, 2 * PART));
      param(params, 1, KEY, OSSL_PARAM_OCTET_STRING, hmac, PART);
      if ((int) EVP_MAC_CTX_set_params.invokeExact(macCtx, params) != 1) {
        return -1;
      }
      MemorySegment aes = arena.allocateFrom(ValueLayout.JAVA_BYTE, Arrays.copyOfRange(keys, 2 * PART, LENGTH));
      MemorySegment cipher = (MemorySegment) EVP_aes_128_cbc.invokeExact();
      int ok = enc == 1
          ? (int) EVP_EncryptInit_ex.invokeExact(cipherCtx, cipher, MemorySegment.NULL, aes, iv)
          : (int) EVP_DecryptInit_ex.invokeExact(cipherCtx, cipher, MemorySegment.NULL, aes, iv);
      return ok == 1 ? result : -1;
    }
  }

  private static void param(MemorySegment params, int i, MemorySegment key, int type, MemorySegment data, long size) {
    long at = i * PARAM_SIZE;
    params.set(C_POINTER, at, key);
    params.set(C_INT, at + 8, type);
    params.set(C_POINTER, at + 16, data);
    params.set(C_LONG, at + 24, size);
    params.set(C_LONG, at + 32, OSSL_PARAM_UNMODIFIED);
  }

  private static int newIndex() {
    try {
      int index = (int) CRYPTO_get_ex_new_index.invokeExact(CRYPTO_EX_INDEX_SSL_CTX, 0L, MemorySegment.NULL,
          MemorySegment.NULL, MemorySegment.NULL, Upcalls.exDataFree());
      if (index < 0) {
        throw new IllegalStateException("CRYPTO_get_ex_new_index failed");
      }
      return index;
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }
}

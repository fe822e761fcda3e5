package dev.jtls.redis;

import dev.jtls.events.NodeError;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM under operator-supplied keys, each with a short id. Values are sealed under the current key and
 * name its id, so the operator can rotate the sealing key: the old key stays listed for opening until the
 * entries it sealed have expired. The key id is part of the associated data, so an entry cannot be passed off
 * under another id.
 *
 * <p>Sealed layout: {@code version(1) | idLength(1) | id | nonce(12) | ciphertext+tag(16)}.
 */
final class Sealer {
  private static final byte VERSION = 1;
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] currentId;
  private final Map<String, SecretKeySpec> keys;

  private Sealer(byte[] currentId, Map<String, SecretKeySpec> keys) {
    this.currentId = currentId;
    this.keys = keys;
  }

  /** Seals under {@code key} (32 bytes), named {@code id} (1 to 255 bytes of UTF-8). */
  static Sealer of(String id, byte[] key) {
    Map<String, SecretKeySpec> keys = new HashMap<>();
    keys.put(checkId(id), aesKey(key));
    return new Sealer(id.getBytes(StandardCharsets.UTF_8), keys);
  }

  /** A copy that can also open values sealed under an older {@code key} named {@code id}. */
  Sealer alsoOpening(String id, byte[] key) {
    Map<String, SecretKeySpec> more = new HashMap<>(keys);
    more.put(checkId(id), aesKey(key));
    return new Sealer(currentId, more);
  }

  byte[] seal(byte[] associatedData, byte[] plaintext) {
    byte[] nonce = new byte[NONCE];
    RANDOM.nextBytes(nonce);
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.ENCRYPT_MODE, keys.get(new String(currentId, StandardCharsets.UTF_8)),
          new GCMParameterSpec(TAG_BITS, nonce));
      gcm.updateAAD(bound(currentId, associatedData));
      byte[] sealed = gcm.doFinal(plaintext);
      return ByteBuffer.allocate(2 + currentId.length + NONCE + sealed.length)
          .put(VERSION).put((byte) currentId.length).put(currentId).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** The plaintext, or null when the value is malformed, sealed under an unknown key or for other data. */
  byte[] open(byte[] associatedData, byte[] value) {
    if (value == null || value.length < 2 || value[0] != VERSION) {
      return null;
    }
    int idLength = value[1] & 0xff;
    int body = 2 + idLength + NONCE;
    if (idLength == 0 || value.length < body + TAG_BITS / 8) {
      return null;
    }
    byte[] id = java.util.Arrays.copyOfRange(value, 2, 2 + idLength);
    SecretKeySpec key = keys.get(new String(id, StandardCharsets.UTF_8));
    if (key == null) {
      return null;
    }
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, value, 2 + idLength, NONCE));
      gcm.updateAAD(bound(id, associatedData));
      return gcm.doFinal(value, body, value.length - body);
    } catch (javax.crypto.AEADBadTagException e) {
      return null;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  private static byte[] bound(byte[] id, byte[] associatedData) {
    return ByteBuffer.allocate(1 + id.length + associatedData.length)
        .put((byte) id.length).put(id).put(associatedData).array();
  }

  private static String checkId(String id) {
    if (id == null) {
      throw NodeError.invalidArgType("keyId", "of type string", null);
    }
    int n = id.getBytes(StandardCharsets.UTF_8).length;
    if (n == 0 || n > 255) {
      throw NodeError.invalidArgValue("keyId", id, "must be 1 to 255 bytes long");
    }
    return id;
  }

  private static SecretKeySpec aesKey(byte[] key) {
    if (key == null) {
      throw NodeError.invalidArgType("key", "an instance of Buffer", null);
    }
    if (key.length != 32) {
      throw NodeError.invalidArgValue("key", key.length + " bytes", "must be 32 bytes (AES-256)");
    }
    return new SecretKeySpec(key.clone(), "AES");
  }
}

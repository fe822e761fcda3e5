package dev.jtls.tls;

import dev.jtls.internal.openssl.Ec;
import dev.jtls.internal.openssl.Evp;
import dev.jtls.internal.openssl.KeyExchange;
import dev.jtls.internal.openssl.Obj;
import dev.jtls.internal.openssl.Owned;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Node's {@code getEphemeralKeyInfo()} result: the type ({@code 'DH'} or {@code 'ECDH'}), curve
 * name (ECDH only) and size in bits of the server's ephemeral key. Node's empty object (no
 * ephemeral key exchange) has all three null.
 */
public record EphemeralKeyInfo(String type, String name, Integer size) {
  static final EphemeralKeyInfo NONE = new EphemeralKeyInfo(null, null, null);

  /** Whether this is Node's empty object. */
  public boolean isEmpty() {
    return type == null;
  }

  /** What the peer's ephemeral key of {@code ssl}'s handshake was, named as Node names it. */
  static EphemeralKeyInfo of(MemorySegment ssl) {
    try (Owned key = KeyExchange.peerTmpKey(ssl)) {
      if (key == null) {
        return NONE;
      }
      MemorySegment k = key.get();
      int id = Evp.id(k);
      int bits = KeyExchange.bits(k);
      return switch (id) {
        case KeyExchange.EVP_PKEY_DH -> new EphemeralKeyInfo("DH", null, bits);
        case Evp.EVP_PKEY_EC -> new EphemeralKeyInfo("ECDH", Obj.shortName(Ec.curveNid(Ec.group(Evp.ecKey(k)))), bits);
        case KeyExchange.NID_X25519, KeyExchange.NID_X448 -> new EphemeralKeyInfo("ECDH", Obj.shortName(id), bits);
        default -> NONE;
      };
    }
  }

  /** Node's {@code getSharedSigalgs()} names: signature + "+" + hash short name. */
  static List<String> sharedSigalgs(MemorySegment ssl) {
    List<String> names = new ArrayList<>();
    for (int[] pair : KeyExchange.sharedSigalgs(ssl)) {
      String sign = switch (pair[0]) {
        case Evp.EVP_PKEY_RSA -> "RSA";
        case KeyExchange.EVP_PKEY_RSA_PSS -> "RSA-PSS";
        case KeyExchange.EVP_PKEY_DSA -> "DSA";
        case Evp.EVP_PKEY_EC -> "ECDSA";
        case KeyExchange.NID_ED25519 -> "Ed25519";
        case KeyExchange.NID_ED448 -> "Ed448";
        default -> orUndef(Obj.shortName(pair[0]));
      };
      names.add(sign + "+" + orUndef(Obj.shortName(pair[1])));
    }
    return List.copyOf(names);
  }

  private static String orUndef(String name) {
    return name == null ? "UNDEF" : name;
  }
}

package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_INT;
import static dev.jtls.internal.openssl.Lib.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * OpenSSL's X509V3 area: decoded certificate extensions (GENERAL_NAMES of subjectAltName,
 * AUTHORITY_INFO_ACCESS, EXTENDED_KEY_USAGE) and the GENERAL_NAMEs inside them.
 */
public final class X509v3 {
  private static final MethodHandle X509V3_EXT_d2i = Lib.crypto("X509V3_EXT_d2i",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle GENERAL_NAMES_free = Lib.crypto("GENERAL_NAMES_free",
      FunctionDescriptor.ofVoid(C_POINTER));
  private static final MethodHandle AUTHORITY_INFO_ACCESS_free = Lib.crypto("AUTHORITY_INFO_ACCESS_free",
      FunctionDescriptor.ofVoid(C_POINTER));
  private static final MethodHandle EXTENDED_KEY_USAGE_free = Lib.crypto("EXTENDED_KEY_USAGE_free",
      FunctionDescriptor.ofVoid(C_POINTER));
  private static final MethodHandle GENERAL_NAME_get0_value = Lib.crypto("GENERAL_NAME_get0_value",
      FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER));
  private static final MethodHandle GENERAL_NAME_get0_otherName = Lib.crypto("GENERAL_NAME_get0_otherName",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER));

  public static final int NID_SUBJECT_ALT_NAME = 85;
  public static final int NID_INFO_ACCESS = 177;
  public static final int NID_EXT_KEY_USAGE = 126;

  public static final int GEN_OTHERNAME = 0;
  public static final int GEN_EMAIL = 1;
  public static final int GEN_DNS = 2;
  public static final int GEN_X400 = 3;
  public static final int GEN_DIRNAME = 4;
  public static final int GEN_EDIPARTY = 5;
  public static final int GEN_URI = 6;
  public static final int GEN_IPADD = 7;
  public static final int GEN_RID = 8;

  /** Field offsets of x509v3.h's public {@code struct ACCESS_DESCRIPTION_st { method; location; }}. */
  private static final long ACCESS_METHOD_OFFSET = 0;
  private static final long ACCESS_LOCATION_OFFSET = 8;

  private X509v3() {}

  /** X509V3_EXT_d2i: the decoded value of an extension (owned by the caller), or NULL. */
  public static MemorySegment decode(MemorySegment extension) {
    try {
      return (MemorySegment) X509V3_EXT_d2i.invokeExact(extension);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** Frees a decoded subjectAltName (a GENERAL_NAMES stack and its names). */
  public static void freeGeneralNames(MemorySegment names) {
    free(GENERAL_NAMES_free, names);
  }

  /** Frees a decoded authorityInfoAccess (a stack of ACCESS_DESCRIPTIONs and their contents). */
  public static void freeInfoAccess(MemorySegment descriptions) {
    free(AUTHORITY_INFO_ACCESS_free, descriptions);
  }

  /** Frees a decoded extendedKeyUsage (a stack of ASN1_OBJECTs). */
  public static void freeExtendedKeyUsage(MemorySegment usages) {
    free(EXTENDED_KEY_USAGE_free, usages);
  }

  private static void free(MethodHandle free, MemorySegment p) {
    try {
      free.invokeExact(p);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** The GEN_* type of a GENERAL_NAME. */
  public static int nameType(MemorySegment generalName) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment type = arena.allocate(C_INT);
      MemorySegment ignored = (MemorySegment) GENERAL_NAME_get0_value.invokeExact(generalName, type);
      return type.get(C_INT, 0);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /**
   * The value of a GENERAL_NAME, borrowed: an ASN1_IA5STRING (email, DNS, URI), ASN1_OCTET_STRING
   * (IP), X509_NAME (dirName) or ASN1_OBJECT (registeredID).
   */
  public static MemorySegment nameValue(MemorySegment generalName) {
    try {
      return (MemorySegment) GENERAL_NAME_get0_value.invokeExact(generalName, MemorySegment.NULL);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** The type-id OID of an otherName GENERAL_NAME, borrowed. */
  public static MemorySegment otherNameType(MemorySegment generalName) {
    return otherNamePart(generalName, true);
  }

  /** The ASN1_TYPE value of an otherName GENERAL_NAME, borrowed. */
  public static MemorySegment otherNameValue(MemorySegment generalName) {
    return otherNamePart(generalName, false);
  }

  private static MemorySegment otherNamePart(MemorySegment generalName, boolean typeId) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment oid = arena.allocate(C_POINTER);
      MemorySegment value = arena.allocate(C_POINTER);
      if ((int) GENERAL_NAME_get0_otherName.invokeExact(generalName, oid, value) != 1) {
        throw new IllegalArgumentException("not an otherName");
      }
      return (typeId ? oid : value).get(C_POINTER, 0);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** The access method OID of an ACCESS_DESCRIPTION (e.g. OCSP, caIssuers), borrowed. */
  public static MemorySegment accessMethod(MemorySegment description) {
    return field(description, ACCESS_METHOD_OFFSET);
  }

  /** The access location GENERAL_NAME of an ACCESS_DESCRIPTION, borrowed. */
  public static MemorySegment accessLocation(MemorySegment description) {
    return field(description, ACCESS_LOCATION_OFFSET);
  }

  private static MemorySegment field(MemorySegment struct, long offset) {
    return struct.reinterpret(offset + C_POINTER.byteSize()).get(C_POINTER, offset);
  }
}

package dev.jtls.internal.openssl;

import static dev.jtls.internal.openssl.Lib.C_INT;
import static dev.jtls.internal.openssl.Lib.C_LONG;
import static dev.jtls.internal.openssl.Lib.C_POINTER;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** OpenSSL's X509_NAME area: distinguished names and their entries. */
public final class X509Name {
  private static final MethodHandle X509_NAME_entry_count = Lib.crypto("X509_NAME_entry_count",
      FunctionDescriptor.of(C_INT, C_POINTER));
  private static final MethodHandle X509_NAME_get_entry = Lib.crypto("X509_NAME_get_entry",
      FunctionDescriptor.of(C_POINTER, C_POINTER, C_INT));
  private static final MethodHandle X509_NAME_ENTRY_get_object = Lib.crypto("X509_NAME_ENTRY_get_object",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle X509_NAME_ENTRY_get_data = Lib.crypto("X509_NAME_ENTRY_get_data",
      FunctionDescriptor.of(C_POINTER, C_POINTER));
  private static final MethodHandle X509_NAME_print_ex = Lib.crypto("X509_NAME_print_ex",
      FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT, C_LONG));

  private X509Name() {}

  /** The number of attribute entries. */
  public static int entryCount(MemorySegment name) {
    try {
      return (int) X509_NAME_entry_count.invokeExact(name);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** Entry {@code i}, borrowed. */
  public static MemorySegment entry(MemorySegment name, int i) {
    try {
      return (MemorySegment) X509_NAME_get_entry.invokeExact(name, i);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** The attribute type (ASN1_OBJECT) of an entry, borrowed. */
  public static MemorySegment entryType(MemorySegment entry) {
    try {
      return (MemorySegment) X509_NAME_ENTRY_get_object.invokeExact(entry);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** The attribute value (ASN1_STRING) of an entry, borrowed. */
  public static MemorySegment entryValue(MemorySegment entry) {
    try {
      return (MemorySegment) X509_NAME_ENTRY_get_data.invokeExact(entry);
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }

  /** X509_NAME_print_ex with {@code flags} (XN_FLAG_* | ASN1_STRFLGS_*): the bytes printed, or null on failure. */
  public static byte[] print(MemorySegment name, long flags) {
    try (Owned bio = Bio.newMem()) {
      if ((int) X509_NAME_print_ex.invokeExact(bio.get(), name, 0, flags) < 0) {
        return null;
      }
      return Bio.readAll(bio.get());
    } catch (Throwable t) {
      throw Lib.rethrow(t);
    }
  }
}

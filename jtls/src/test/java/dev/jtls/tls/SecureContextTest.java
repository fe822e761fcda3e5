package dev.jtls.tls;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtls.events.NodeError;
import dev.jtls.internal.openssl.LiveNatives;
import dev.jtls.internal.openssl.SslCtx;
import dev.jtls.internal.openssl.X509Store;
import dev.jtls.testing.Json;
import dev.jtls.testing.NoNativeLeaks;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * tls.createSecureContext: each option, Node's defaults and Node's errors. Expected error codes
 * and messages were taken from node v20 (OpenSSL 3.0.19) given the same inputs, and
 * {@link #everyCaseEndsAsInNode()} runs the cases of {@code node/secure-context-cases.json} through
 * node (the committed script {@code node/secure-context-cases.js}) and through jtls's option-bag path
 * on every run.
 */
@ExtendWith(NoNativeLeaks.class)
class SecureContextTest {
  static final String PASSPHRASE = "jtls-pass";

  @AfterEach
  void restoreDefaults() {
    TlsDefaults.setDefaultCiphers(TlsDefaults.CORE_CIPHER_LIST);
    TlsDefaults.setDefaultMinVersion("TLSv1.2");
    TlsDefaults.setDefaultMaxVersion("TLSv1.3");
  }

  static Path pki(String name) {
    try {
      return Path.of(SecureContextTest.class.getResource("/pki/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(String name) {
    try {
      return Files.readString(pki(name), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SecureContextOptions options() {
    return new SecureContextOptions();
  }

  /** Creates a context, hands its SSL_CTX to {@code check}, and frees it. */
  private static void withContext(SecureContextOptions options, Consumer<MemorySegment> check) {
    try (SecureContext context = SecureContext.create(options)) {
      check.accept(context.handle());
    }
  }

  private static void created(SecureContextOptions options) {
    withContext(options, ctx -> assertNotEquals(MemorySegment.NULL, ctx));
  }

  private static OpenSslError opensslError(SecureContextOptions options) {
    return assertThrows(OpenSslError.class, () -> SecureContext.create(options).close());
  }

  private static void assertOpenSsl(OpenSslError e, String code, String message, String library, String reason) {
    assertEquals(code, e.code());
    assertEquals(message, e.getMessage());
    assertEquals(library, e.library());
    assertEquals(reason, e.reason());
  }

  private static void assertNodeError(String code, String message, Executable action) {
    NodeError e = assertThrows(NodeError.class, action);
    assertEquals(code, e.code());
    assertEquals(message, e.getMessage());
  }

  private static void assertBadDecrypt(SecureContextOptions options) {
    assertOpenSsl(opensslError(options), "ERR_OSSL_BAD_DECRYPT", "error:1C800064:Provider routines::bad decrypt",
        "Provider routines", "bad decrypt");
  }

  // --- parity with node, case by case ---

  @TestFactory
  Stream<DynamicTest> everyCaseEndsAsInNode() throws Exception {
    Path cases = resource("/node/secure-context-cases.json");
    Map<Object, Object> node = new HashMap<>();
    for (String line : runNode(resource("/node/secure-context-cases.js"), cases, pki(""))) {
      Map<?, ?> result = (Map<?, ?>) Json.parse(line);
      node.put(result.get("name"), result);
    }
    List<?> all = (List<?>) Json.parse(Files.readString(cases, StandardCharsets.UTF_8));
    assertEquals(all.size(), node.size(), "node printed one result per case");
    return all.stream().map(c -> (Map<?, ?>) c).map(c -> DynamicTest.dynamicTest((String) c.get("name"),
        () -> assertEquals(node.get(c.get("name")), inJtls(c))));
  }

  /** A case's outcome in jtls, in the form the node script prints. */
  private Map<String, Object> inJtls(Map<?, ?> testCase) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("name", testCase.get("name"));
    Map<?, ?> defaults = testCase.get("defaults") instanceof Map<?, ?> m ? m : Map.of();
    try {
      defaults.forEach((name, value) -> {
        switch ((String) name) {
          case "DEFAULT_CIPHERS" -> TlsDefaults.setDefaultCiphers((String) value);
          case "DEFAULT_MIN_VERSION" -> TlsDefaults.setDefaultMinVersion((String) value);
          case "DEFAULT_MAX_VERSION" -> TlsDefaults.setDefaultMaxVersion((String) value);
          default -> throw new IllegalArgumentException("no default " + name);
        }
      });
      @SuppressWarnings("unchecked")
      Map<String, ?> bag = (Map<String, ?>) resolve(testCase.get("options"));
      SecureContext.create(SecureContextOptions.fromMap(bag)).close();
      result.put("ok", true);
    } catch (NodeError e) {
      result.put("code", e.code());
      result.put("message", e.getMessage());
      result.put("library", e instanceof OpenSslError o ? o.library() : null);
      result.put("reason", e instanceof OpenSslError o ? o.reason() : null);
    } finally {
      restoreDefaults();
    }
    return result;
  }

  /** Case values as the node script reads them: {"$file": name} is the PEM text, {"$bytes": name} its bytes. */
  private static Object resolve(Object value) {
    if (value instanceof List<?> list) {
      return list.stream().map(SecureContextTest::resolve).collect(java.util.stream.Collectors.toList());
    }
    if (value instanceof Map<?, ?> map) {
      if (map.containsKey("$file")) {
        return pem((String) map.get("$file"));
      }
      if (map.containsKey("$bytes")) {
        return pem((String) map.get("$bytes")).getBytes(StandardCharsets.US_ASCII);
      }
      Map<Object, Object> resolved = new LinkedHashMap<>();
      map.forEach((k, v) -> resolved.put(k, resolve(v)));
      return resolved;
    }
    return value;
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(SecureContextTest.class.getResource(name).toURI());
  }

  private static List<String> runNode(Path script, Path... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("node", script.toString()));
    for (Path arg : args) {
      command.add(arg.toString());
    }
    Process node = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(node.waitFor(60, TimeUnit.SECONDS), "node did not exit");
      assertEquals(0, node.exitValue(), "node exit status");
      return out.lines().toList();
    } finally {
      node.destroyForcibly();
    }
  }

  // --- SSL_CTX settings ---

  @Test
  void contextHasNodesOptionsModesAndSessionCacheAndReleasesBuffers() {
    withContext(options(), ctx -> {
      long opts = SslCtx.options(ctx);
      assertEquals(SslCtx.SSL_OP_NO_SSLv3, opts & SslCtx.SSL_OP_NO_SSLv3);
      assertEquals(SslCtx.SSL_OP_ALLOW_CLIENT_RENEGOTIATION, opts & SslCtx.SSL_OP_ALLOW_CLIENT_RENEGOTIATION);
      long mode = SslCtx.mode(ctx);
      assertEquals(SslCtx.SSL_MODE_RELEASE_BUFFERS, mode & SslCtx.SSL_MODE_RELEASE_BUFFERS);
      assertEquals(0, mode & SslCtx.SSL_MODE_NO_AUTO_CHAIN);
      assertEquals(SslCtx.SSL_SESS_CACHE_CLIENT | SslCtx.SSL_SESS_CACHE_SERVER | SslCtx.SSL_SESS_CACHE_NO_INTERNAL
          | SslCtx.SSL_SESS_CACHE_NO_AUTO_CLEAR, SslCtx.sessionCacheMode(ctx));
    });
  }

  @Test
  void closeFreesTheSslCtxOnceAndHandleFailsAfterwards() {
    long before = LiveNatives.count(LiveNatives.Kind.SSL_CTX);
    SecureContext context = SecureContext.create(options());
    assertEquals(before + 1, LiveNatives.count(LiveNatives.Kind.SSL_CTX));
    context.close();
    context.close();
    assertEquals(before, LiveNatives.count(LiveNatives.Kind.SSL_CTX));
    assertThrows(IllegalStateException.class, context::handle);
  }

  @Test
  void nullOptionsAreNoOptions() {
    try (SecureContext context = SecureContext.create(null)) {
      assertEquals(SslCtx.TLS1_2_VERSION, SslCtx.minProtoVersion(context.handle()));
    }
  }

  // --- key and cert ---

  @Test
  void rsaKeyAndCertificateAsStringsBytesOrPaths() {
    created(options().key(pem("server.key")).cert(pem("server.pem")));
    created(options().key(pem("server.key").getBytes(StandardCharsets.US_ASCII))
        .cert(pem("server.pem").getBytes(StandardCharsets.US_ASCII)));
    created(options().key(pki("server.key")).cert(pki("server.pem")));
  }

  @Test
  void ecKeyAndCertificate() {
    created(options().key(pki("server-ec.key")).cert(pki("server-ec.pem")));
  }

  @Test
  void rsaAndEcKeysAtOnceInAnyOrder() {
    created(options().key(List.of(pki("server.key"), pki("server-ec.key")))
        .cert(List.of(pki("server-ec.pem"), pki("server.pem"))));
  }

  @Test
  void certificateFollowedByIntermediatesBecomesTheChain() {
    withContext(options().key(pki("server.key")).cert(pki("server-chain.pem")),
        ctx -> assertEquals(1, SslCtx.chainCertCount(ctx)));
    withContext(options().key(pki("server.key")).cert(pki("server.pem")),
        ctx -> assertEquals(0, SslCtx.chainCertCount(ctx)));
  }

  @Test
  void textAfterTheLastCertificateIsIgnored() {
    created(options().key(pki("server.key")).cert(pem("server.pem") + "trailing text"));
  }

  @Test
  void keyWithoutCertificateIsAccepted() {
    created(options().key(pki("server.key")));
  }

  @Test
  void keyNotMatchingItsCertificateThrowsKeyValuesMismatch() {
    assertOpenSsl(opensslError(options().key(pki("client.key")).cert(pki("server.pem"))),
        "ERR_OSSL_X509_KEY_VALUES_MISMATCH", "error:05800074:x509 certificate routines::key values mismatch",
        "x509 certificate routines", "key values mismatch");
  }

  @Test
  void encryptedKeysAreDecryptedWithThePassphrase() {
    created(options().key(pki("server-encrypted.key")).passphrase(PASSPHRASE).cert(pki("server.pem")));
    created(options().key(pki("server-encrypted-legacy.key")).passphrase(PASSPHRASE).cert(pki("server.pem")));
  }

  @Test
  void wrongOrMissingPassphraseThrowsBadDecrypt() {
    for (String key : List.of("server-encrypted.key", "server-encrypted-legacy.key")) {
      assertBadDecrypt(options().key(pki(key)).passphrase("wrong").cert(pki("server.pem")));
      assertBadDecrypt(options().key(pki(key)).cert(pki("server.pem")));
    }
  }

  @Test
  void keyEntryPassphraseOverridesTheOptionsPassphrase() {
    created(options().key(List.of(new KeyEntry(pki("server-encrypted.key"), PASSPHRASE))).passphrase("wrong"));
    assertBadDecrypt(options().key(List.of(new KeyEntry(pki("server-encrypted.key"), "wrong"))).passphrase(PASSPHRASE));
  }

  @Test
  void keyEntryWithoutPassphraseUsesTheOptionsPassphrase() {
    created(options().key(List.of(new KeyEntry(pki("server-encrypted.key")))).passphrase(PASSPHRASE));
  }

  @Test
  void keyEntriesFromAMapBagCarryTheirPassphrase() {
    Map<String, Object> entry = Map.of("pem", pem("server-encrypted.key"), "passphrase", PASSPHRASE);
    SecureContextOptions options = SecureContextOptions.fromMap(Map.of("key", List.of(entry)));
    assertEquals(List.of(new KeyEntry(pem("server-encrypted.key"), PASSPHRASE)), options.key());
    created(options);
  }

  @Test
  void garbageKeyThrowsDecoderUnsupported() {
    assertOpenSsl(opensslError(options().key("garbage")), "ERR_OSSL_UNSUPPORTED",
        "error:1E08010C:DECODER routines::unsupported", "DECODER routines", "unsupported");
    assertOpenSsl(opensslError(options().key(new byte[0])), "ERR_OSSL_UNSUPPORTED",
        "error:1E08010C:DECODER routines::unsupported", "DECODER routines", "unsupported");
  }

  @Test
  void garbageCertificateThrowsNoStartLine() {
    assertOpenSsl(opensslError(options().cert("garbage")), "ERR_OSSL_PEM_NO_START_LINE",
        "error:0480006C:PEM routines::no start line", "PEM routines", "no start line");
  }

  @Test
  void brokenCertificateBlockThrowsAsn1Error() {
    String broken = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
    OpenSslError leaf = opensslError(options().cert(broken));
    assertOpenSsl(leaf, "ERR_OSSL_ASN1_WRONG_TAG", "error:068000A8:asn1 encoding routines::wrong tag",
        "asn1 encoding routines", "wrong tag");
    OpenSslError inChain = opensslError(options().cert(pem("server.pem") + broken));
    assertEquals("ERR_OSSL_ASN1_WRONG_TAG", inChain.code());
  }

  @Test
  void emptyStringKeyCertAndCaCountAsNotGiven() {
    withContext(options().key("").cert("").ca(""), ctx -> assertEquals(RootCertStore.get(), SslCtx.certStore(ctx)));
  }

  // --- option types ---

  @Test
  void pemOptionsOfTheWrongTypeThrowInvalidArgType() {
    String types = "must be of type string or an instance of Buffer, TypedArray, or DataView. Received ";
    assertNodeError("ERR_INVALID_ARG_TYPE", "The \"options.key\" property " + types + "type number (1)",
        () -> options().key(1));
    assertNodeError("ERR_INVALID_ARG_TYPE", "The \"options.key\" property " + types + "type number (1)",
        () -> options().key(List.of(1)));
    assertNodeError("ERR_INVALID_ARG_TYPE", "The \"options.key\" property " + types + "an instance of KeyEntry",
        () -> options().key(new KeyEntry(pem("server.key"))));
    assertNodeError("ERR_INVALID_ARG_TYPE", "The \"options.cert\" property " + types + "type number (1)",
        () -> options().cert(1));
    assertNodeError("ERR_INVALID_ARG_TYPE", "The \"options.ca\" property " + types + "type boolean (true)",
        () -> options().ca(true));
    List<Object> withNull = new java.util.ArrayList<>();
    withNull.add(null);
    assertNodeError("ERR_INVALID_ARG_TYPE", "The \"options.ca\" property " + types + "null",
        () -> options().ca(withNull));
  }

  @Test
  void mapBagChecksEveryOptionType() {
    assertNodeError("ERR_INVALID_ARG_TYPE",
        "The \"options.ciphers\" property must be of type string. Received type number (1)",
        () -> SecureContextOptions.fromMap(Map.of("ciphers", 1)));
    assertNodeError("ERR_INVALID_ARG_TYPE",
        "The \"options.passphrase\" property must be of type string. Received type number (1)",
        () -> SecureContextOptions.fromMap(Map.of("passphrase", 1)));
    assertNodeError("ERR_INVALID_ARG_TYPE",
        "The \"options.passphrase\" property must be of type string. Received type number (1)",
        () -> SecureContextOptions.fromMap(Map.of("key", List.of(Map.of("pem", "x", "passphrase", 1)))));
    assertNodeError("ERR_INVALID_ARG_TYPE", "The \"options.cert\" property must be of type string or an instance of"
        + " Buffer, TypedArray, or DataView. Received an instance of Object",
        () -> SecureContextOptions.fromMap(Map.of("cert", new HashMap<>())));
    assertNodeError("ERR_TLS_INVALID_PROTOCOL_VERSION", "1 is not a valid minimum TLS protocol version",
        () -> SecureContextOptions.fromMap(Map.of("minVersion", 1)));
  }

  @Test
  void mapBagIgnoresNamesThatAreNotOptionsAndNullValues() {
    Map<String, Object> bag = new HashMap<>();
    bag.put("notAnOption", 1);
    bag.put("ciphers", null);
    bag.put("minVersion", "TLSv1.3");
    SecureContextOptions options = SecureContextOptions.fromMap(bag);
    assertEquals("TLSv1.3", options.minVersion());
    assertEquals(null, options.ciphers());
  }

  // --- versions ---

  @Test
  void versionsDefaultToNodesDefaults() {
    withContext(options(), ctx -> {
      assertEquals(SslCtx.TLS1_2_VERSION, SslCtx.minProtoVersion(ctx));
      assertEquals(SslCtx.TLS1_3_VERSION, SslCtx.maxProtoVersion(ctx));
    });
  }

  @Test
  void versionNamesSetTheContextsBounds() {
    Map<String, Integer> names = Map.of("TLSv1", SslCtx.TLS1_VERSION, "TLSv1.1", SslCtx.TLS1_1_VERSION,
        "TLSv1.2", SslCtx.TLS1_2_VERSION, "TLSv1.3", SslCtx.TLS1_3_VERSION);
    names.forEach((name, number) -> {
      withContext(options().minVersion(name), ctx -> assertEquals(number, SslCtx.minProtoVersion(ctx)));
      withContext(options().minVersion("TLSv1").maxVersion(name),
          ctx -> assertEquals(number, SslCtx.maxProtoVersion(ctx)));
    });
  }

  @Test
  void invalidVersionNamesThrowInvalidProtocolVersion() {
    assertNodeError("ERR_TLS_INVALID_PROTOCOL_VERSION", "\"TLSv9\" is not a valid minimum TLS protocol version",
        () -> options().minVersion("TLSv9"));
    assertNodeError("ERR_TLS_INVALID_PROTOCOL_VERSION", "\"TLSv9\" is not a valid maximum TLS protocol version",
        () -> options().maxVersion("TLSv9"));
    assertNodeError("ERR_TLS_INVALID_PROTOCOL_VERSION", "\"SSLv3\" is not a valid maximum TLS protocol version",
        () -> SecureContextOptions.fromMap(Map.of("maxVersion", "SSLv3")));
  }

  @Test
  void changedDefaultVersionsApplyToLaterContexts() {
    TlsDefaults.setDefaultMinVersion("TLSv1.3");
    TlsDefaults.setDefaultMaxVersion("TLSv1.3");
    withContext(options(), ctx -> {
      assertEquals(SslCtx.TLS1_3_VERSION, SslCtx.minProtoVersion(ctx));
      assertEquals(SslCtx.TLS1_3_VERSION, SslCtx.maxProtoVersion(ctx));
    });
    assertNodeError("ERR_TLS_INVALID_PROTOCOL_VERSION", "\"foo\" is not a valid minimum TLS protocol version",
        () -> TlsDefaults.setDefaultMinVersion("foo"));
    assertEquals("TLSv1.3", TlsDefaults.defaultMinVersion());
  }

  // --- ciphers ---

  @Test
  void defaultCiphersAreNodesList() {
    assertEquals("TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:"
        + "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:"
        + "ECDHE-ECDSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA256:DHE-RSA-AES128-SHA256:"
        + "ECDHE-RSA-AES256-SHA384:DHE-RSA-AES256-SHA384:ECDHE-RSA-AES256-SHA256:DHE-RSA-AES256-SHA256:HIGH:"
        + "!aNULL:!eNULL:!EXPORT:!DES:!RC4:!MD5:!PSK:!SRP:!CAMELLIA", TlsDefaults.defaultCiphers());
    withContext(options(), ctx -> {
      List<String> names = SslCtx.cipherNames(ctx);
      assertEquals(List.of("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256",
          "ECDHE-RSA-AES128-GCM-SHA256"), names.subList(0, 4));
      assertFalse(names.stream().anyMatch(n -> n.contains("CAMELLIA") || n.startsWith("PSK")));
    });
  }

  @Test
  void tls13SuitesAndOlderCiphersAreSetApart() {
    withContext(options().ciphers("ECDHE-RSA-AES128-GCM-SHA256:TLS_AES_128_GCM_SHA256"), ctx -> {
      assertEquals(List.of("TLS_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"), SslCtx.cipherNames(ctx));
      assertEquals(SslCtx.TLS1_2_VERSION, SslCtx.minProtoVersion(ctx));
    });
  }

  @Test
  void onlyTls13SuitesRaiseTheMinimumToTls13() {
    withContext(options().ciphers("TLS_AES_128_GCM_SHA256"), ctx -> {
      assertEquals(List.of("TLS_AES_128_GCM_SHA256"), SslCtx.cipherNames(ctx));
      assertEquals(SslCtx.TLS1_3_VERSION, SslCtx.minProtoVersion(ctx));
    });
  }

  @Test
  void onlyOlderCiphersDisableNoTls13Suite() {
    withContext(options().ciphers("ECDHE-RSA-AES128-GCM-SHA256"), ctx -> assertEquals(
        List.of("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256",
            "ECDHE-RSA-AES128-GCM-SHA256"), SslCtx.cipherNames(ctx)));
  }

  @Test
  void emptyCiphersMeanTheDefault() {
    TlsDefaults.setDefaultCiphers("TLS_AES_128_GCM_SHA256:ECDHE-RSA-AES128-GCM-SHA256");
    withContext(options().ciphers(""), ctx -> assertEquals(
        List.of("TLS_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256"), SslCtx.cipherNames(ctx)));
  }

  @Test
  void unknownCiphersThrowNoCipherMatch() {
    for (String ciphers : List.of("NOPE", "TLS_NOPE", "TLS_AES_128_GCM_SHA256:NOPE", "!TLS_AES_128_GCM_SHA256:HIGH")) {
      assertOpenSsl(opensslError(options().ciphers(ciphers)), "ERR_SSL_NO_CIPHER_MATCH",
          "error:0A0000B9:SSL routines::no cipher match", "SSL routines", "no cipher match");
    }
  }

  @Test
  void cipherListsWithoutEntriesThrowInvalidArgValueLikeNode() {
    String prefix = "The property 'options.ciphers' is invalid. Received ";
    // Each expected text is node v20's message for a ciphers option of n-1 colons.
    Map<Integer, String> inspected = Map.of(
        2, "[ '', '' ]",
        6, "[ '', '', '', '', '', '' ]",
        7, "[\n  '', '', '', '',\n  '', '', ''\n]",
        20, "[\n  '', '', '', '', '', '', '',\n  '', '', '', '', '', '', '',\n  '', '', '', '', '', ''\n]",
        27, "[\n  '', '', '', '', '', '', '', '',\n  '', '', '', '', '', '', '', '',\n  '', '', '', '', '', '', '', '',"
            + "\n  '', '', ''\n]",
        30, "[\n  '', '', '', '', '', '', '', '', '',\n  '', '', '', '', '', '', '', '', '',\n"
            + "  '', '', '', '', '', '', '', '', '',\n  '', '', ''...",
        150, "[\n  '', '', '', '', '', '', '', '', '', '', '', '',\n  '', '', '', '', '', '', '', '', '', '', '', '',\n"
            + "  '', '', '', '', '', '', ...");
    inspected.forEach((n, text) -> assertNodeError("ERR_INVALID_ARG_VALUE", prefix + text,
        () -> SecureContext.create(options().ciphers(":".repeat(n - 1))).close()));
    TlsDefaults.setDefaultCiphers("");
    assertNodeError("ERR_INVALID_ARG_VALUE", prefix + "[ '' ]", () -> SecureContext.create(options()).close());
  }

  // --- ca and default trust ---

  @Test
  void caInEachPemLabelReplacesTheDefaultTrust() {
    for (String file : List.of("root-ca.pem", "root-ca-trusted.pem", "root-ca-x509.pem")) {
      withContext(options().ca(pki(file)), ctx -> {
        assertNotEquals(RootCertStore.get(), SslCtx.certStore(ctx), file);
        assertEquals(1, X509Store.objectCount(SslCtx.certStore(ctx)), file);
      });
    }
  }

  @Test
  void severalCasInOneInputOrInAList() {
    withContext(options().ca(pki("ca-bundle.pem")),
        ctx -> assertEquals(2, X509Store.objectCount(SslCtx.certStore(ctx))));
    withContext(options().ca(List.of(pem("root-ca.pem"), pki("intermediate-ca.pem"))),
        ctx -> assertEquals(2, X509Store.objectCount(SslCtx.certStore(ctx))));
  }

  @Test
  void caWithoutCertificatesTrustsNothing() {
    withContext(options().ca("garbage"), ctx -> assertEquals(0, X509Store.objectCount(SslCtx.certStore(ctx))));
    withContext(options().ca(List.of()), ctx -> assertEquals(0, X509Store.objectCount(SslCtx.certStore(ctx))));
  }

  @Test
  void defaultTrustIsOneStoreOfTheBundledRootsSharedByEveryContext() {
    try (SecureContext a = SecureContext.create(options()); SecureContext b = SecureContext.create(options())) {
      MemorySegment store = SslCtx.certStore(a.handle());
      assertEquals(store, SslCtx.certStore(b.handle()));
      assertEquals(RootCertStore.get(), store);
      assertEquals(RootCertificates.list().size(), X509Store.objectCount(store));
    }
    long x509 = LiveNatives.count(LiveNatives.Kind.X509);
    assertDoesNotThrow(() -> SecureContext.create(options()).close());
    assertEquals(x509, LiveNatives.count(LiveNatives.Kind.X509));
    assertTrue(X509Store.objectCount(RootCertStore.get()) > 100);
  }

  // --- contexts at work: a handshake between two of them over memory BIOs ---

  private static final long X509_V_OK = 0;
  private static final long X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY = 20;

  private static EngineHandshake.Result handshake(SecureContextOptions client, SecureContextOptions server) {
    try (SecureContext c = SecureContext.create(client); SecureContext s = SecureContext.create(server)) {
      return EngineHandshake.run(c, s);
    }
  }

  private static SecureContextOptions rsaServer() {
    return options().key(pki("server.key")).cert(pki("server-chain.pem"));
  }

  @Test
  void caInEachPemLabelVerifiesTheServersChain() {
    for (String file : List.of("root-ca.pem", "root-ca-trusted.pem", "root-ca-x509.pem")) {
      EngineHandshake.Result result = handshake(options().ca(pki(file)), rsaServer());
      assertTrue(result.completed(), file);
      assertEquals(X509_V_OK, result.verifyResult(), file);
    }
  }

  @Test
  void defaultTrustDoesNotTrustTheTestRoot() {
    EngineHandshake.Result result = handshake(options(), rsaServer());
    assertTrue(result.completed());
    assertEquals(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, result.verifyResult());
  }

  @Test
  void serverSendsTheIntermediatesOfItsCertInput() {
    SecureContextOptions leafOnly = options().key(pki("server.key")).cert(pki("server.pem"));
    assertEquals(X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
        handshake(options().ca(pki("root-ca.pem")), leafOnly).verifyResult());
    assertEquals(X509_V_OK, handshake(options().ca(pki("ca-bundle.pem")), leafOnly).verifyResult());
  }

  @Test
  void serverWithRsaAndEcKeysServesEachKind() {
    SecureContextOptions server = options().key(List.of(pki("server.key"), pki("server-ec.key")))
        .cert(List.of(pki("server-chain.pem"), pki("server-ec-chain.pem")));
    for (String cipher : List.of("ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256")) {
      EngineHandshake.Result result = handshake(
          options().ca(pki("root-ca.pem")).maxVersion("TLSv1.2").ciphers(cipher), server);
      assertTrue(result.completed(), cipher);
      assertEquals(cipher, result.cipher());
      assertEquals(X509_V_OK, result.verifyResult(), cipher);
    }
  }

  @Test
  void decryptedKeyServes() {
    SecureContextOptions server = options().key(pki("server-encrypted-legacy.key")).passphrase(PASSPHRASE)
        .cert(pki("server-chain.pem"));
    assertTrue(handshake(options().ca(pki("root-ca.pem")), server).completed());
  }

  @Test
  void versionsAndCiphersTakeEffect() {
    EngineHandshake.Result byDefault = handshake(options(), rsaServer());
    assertEquals("TLSv1.3", byDefault.version());
    assertEquals("TLS_AES_256_GCM_SHA384", byDefault.cipher());

    EngineHandshake.Result tls12 = handshake(options().maxVersion("TLSv1.2"), rsaServer());
    assertEquals("TLSv1.2", tls12.version());

    EngineHandshake.Result suite = handshake(options().ciphers("TLS_CHACHA20_POLY1305_SHA256"), rsaServer());
    assertEquals("TLS_CHACHA20_POLY1305_SHA256", suite.cipher());

    EngineHandshake.Result disjoint = handshake(options().maxVersion("TLSv1.2"), rsaServer().minVersion("TLSv1.3"));
    assertFalse(disjoint.completed());
    assertTrue(disjoint.error().contains("protocol version"), disjoint.error());

    EngineHandshake.Result tls13Only = handshake(options().ciphers("TLS_AES_128_GCM_SHA256"),
        rsaServer().maxVersion("TLSv1.2"));
    assertFalse(tls13Only.completed());
  }
}

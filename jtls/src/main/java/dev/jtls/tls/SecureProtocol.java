package dev.jtls.tls;

import dev.jtls.events.NodeError;
import dev.jtls.internal.openssl.SslCtx;

/**
 * Node's {@code secureProtocol}: a legacy OpenSSL method name that fixes a context's protocol
 * versions instead of {@code minVersion}/{@code maxVersion}. Every context is made with
 * {@code TLS_method}, as Node makes its own; the {@code _client_}/{@code _server_} variants only
 * name the versions here (Node's also refuse the other role).
 *
 * @param min the lowest version (0: OpenSSL's lowest; SSLv23: {@code tls.DEFAULT_MIN_VERSION})
 * @param max the highest version
 */
record SecureProtocol(int min, int max) {
  /**
   * The versions of {@code method}, or Node's errors: {@code ERR_TLS_INVALID_PROTOCOL_METHOD} for
   * SSLv2, SSLv3 and unknown names.
   */
  static SecureProtocol of(String method) {
    String family = method.replace("_server_method", "_method").replace("_client_method", "_method");
    return switch (family) {
      case "SSLv2_method" -> throw invalid("SSLv2 methods disabled");
      case "SSLv3_method" -> throw invalid("SSLv3 methods disabled");
      // Node keeps SSLv23 below TLSv1.3 for what the old name promised, and above the default minimum.
      case "SSLv23_method" -> new SecureProtocol(ProtocolVersion.parse("minimum", TlsDefaults.defaultMinVersion()),
          SslCtx.TLS1_2_VERSION);
      case "TLS_method" -> new SecureProtocol(0, SslCtx.TLS1_3_VERSION);
      case "TLSv1_method" -> new SecureProtocol(SslCtx.TLS1_VERSION, SslCtx.TLS1_VERSION);
      case "TLSv1_1_method" -> new SecureProtocol(SslCtx.TLS1_1_VERSION, SslCtx.TLS1_1_VERSION);
      case "TLSv1_2_method" -> new SecureProtocol(SslCtx.TLS1_2_VERSION, SslCtx.TLS1_2_VERSION);
      default -> throw invalid("Unknown method: " + method);
    };
  }

  /** Node's {@code ERR_TLS_PROTOCOL_VERSION_CONFLICT}: a version option given with a secureProtocol. */
  static NodeError conflict(String version, String method) {
    return new NodeError("ERR_TLS_PROTOCOL_VERSION_CONFLICT",
        "TLS protocol version \"" + version + "\" conflicts with secureProtocol \"" + method + "\"");
  }

  private static NodeError invalid(String message) {
    return new NodeError("ERR_TLS_INVALID_PROTOCOL_METHOD", message);
  }
}

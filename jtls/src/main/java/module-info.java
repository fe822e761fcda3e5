/**
 * jtls: Node.js's {@code node:tls} for Java, over the system OpenSSL 3 through the FFM API.
 * Everything native lives in {@code dev.jtls.internal.openssl}, which is not exported.
 */
module dev.jtls {
  requires jdk.net;

  exports dev.jtls.tls;
  exports dev.jtls.net;
  exports dev.jtls.events;
  exports dev.jtls.stream;
}

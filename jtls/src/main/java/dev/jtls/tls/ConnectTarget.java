package dev.jtls.tls;

/**
 * Where a {@code tls.connect} client was going, for the fields Node puts on its "disconnected
 * before secure" error; any of them may be null.
 */
record ConnectTarget(String host, Integer port, String path, String localAddress) {}

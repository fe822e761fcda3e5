package dev.jtls.net;

/**
 * Node's address object from {@code socket.address()} and {@code server.address()}:
 * {@code { address: '127.0.0.1', family: 'IPv4', port: 8080 }}.
 */
public record AddressInfo(String address, String family, int port) {}

package dev.jtls.tls;

import java.util.function.BiConsumer;

/**
 * The arguments of a server's {@code 'resumeSession'} event: a client asks to resume the session
 * with {@code sessionId}, and its handshake waits until {@code callback} is called (once, from
 * any thread, at any time): {@code (null, sessionData)} resumes that session, {@code (null, null)}
 * gives a full handshake, and an error destroys the connection (the server's 'tlsClientError').
 */
public record ResumeSession(byte[] sessionId, BiConsumer<Throwable, byte[]> callback) {}

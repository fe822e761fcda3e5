package dev.jtls.redis;

/**
 * Counters of a {@link RedisSessionStore} since it was made. Every resumption ends in exactly one of
 * {@code resumed}, {@code notFound}, {@code unusable}, {@code lookupFailed}, {@code lookupLate} or
 * {@code lookupRefused}; every new session in exactly one of {@code stored}, {@code storeFailed},
 * {@code storeLate} or {@code storeRefused}.
 *
 * @param resumed entries found and opened: the session resumes
 * @param notFound no entry for that session ID (never stored, or expired in Redis)
 * @param unusable an entry that did not open: corrupt, sealed under an unknown key or for another
 *     sessionIdContext, or past its expiry time
 * @param lookupFailed Redis answered with an error
 * @param lookupLate Redis did not answer within {@code resumeWait}
 * @param lookupRefused not asked at all: Redis not connected, or {@code maxInFlight} commands unanswered
 * @param stored entries written
 * @param storeFailed writes Redis failed
 * @param storeLate writes not confirmed within {@code storeWait} (the write may still land)
 * @param storeRefused writes not sent: Redis not connected, or {@code maxInFlight} commands unanswered
 * @param inFlight Redis commands sent and not yet settled, now
 */
public record SessionStoreMetrics(long resumed, long notFound, long unusable, long lookupFailed, long lookupLate,
    long lookupRefused, long stored, long storeFailed, long storeLate, long storeRefused, int inFlight) {}

package io.marketflow.provider;

import java.time.Duration;

/**
 * How often and how patiently one provider's requests are retried; each service builds it from its own
 * {@code @ConfigMapping} {@code Retry} group, so this library never reads configuration.
 *
 * @param maxAttempts attempts per request, the first included
 * @param initialBackoff the first backoff after a 429/5xx without {@code Retry-After}; doubled per attempt, full jitter
 * @param maxBackoff the longest backoff between two attempts, and the cap on a provider's {@code Retry-After}
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    /**
     * @throws IllegalArgumentException when {@code maxAttempts} is below 1 or the backoffs are not 0 < initial <= max
     */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max-attempts must be at least 1, got " + maxAttempts);
        }
        new Backoff(initialBackoff, maxBackoff, Backoff.Jitter.FULL);
    }

    /**
     * @return the backoff between attempts (full jitter: callers sharing a provider spread out)
     */
    public Backoff backoff() {
        return new Backoff(initialBackoff, maxBackoff, Backoff.Jitter.FULL);
    }

    /**
     * @param wait what a provider asked for
     * @return the same wait, but never longer than {@link #maxBackoff()}: a provider's hint must not park a poller for hours
     */
    public Duration cap(Duration wait) {
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}

package io.marketflow.ingest.macro.client;

import java.time.Duration;

/**
 * A provider said "too many requests", as a 429 or in its own way (Alpha Vantage's HTTP-200 {@code Information} body).
 */
public class RateLimitedException extends RuntimeException {

    private final transient Duration retryAfter;

    /**
     * @param message what the provider said
     * @param retryAfter how long the provider asks to wait, or null when it did not say
     */
    public RateLimitedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    /**
     * @return how long the provider asks to wait, or null when it did not say
     */
    public Duration retryAfter() {
        return retryAfter;
    }
}

package io.marketflow.provider;

import java.time.Duration;

/**
 * A provider said "too many requests", as a 429 or in its own way (Alpha Vantage's HTTP-200 {@code Information} body).
 * Thrown inside a request, {@link ProviderCalls} backs off and retries; thrown by it, the caller decides how long to wait.
 */
public class RateLimitedException extends ProviderException {

    private final transient Duration retryAfter;

    /**
     * @param message what the provider said
     * @param retryAfter how long the provider asks to wait, or null when it did not say
     */
    public RateLimitedException(String message, Duration retryAfter) {
        this(message, "", retryAfter);
    }

    /**
     * @param message what the provider said
     * @param body the start of the answer's body
     * @param retryAfter how long the provider asks to wait, or null when it did not say
     */
    public RateLimitedException(String message, String body, Duration retryAfter) {
        super(message, 429, body);
        this.retryAfter = retryAfter;
    }

    /**
     * @return how long the provider asks to wait, or null when it did not say
     */
    public Duration retryAfter() {
        return retryAfter;
    }
}

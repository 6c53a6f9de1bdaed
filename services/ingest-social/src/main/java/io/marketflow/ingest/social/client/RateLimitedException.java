package io.marketflow.ingest.social.client;

import java.time.Duration;

/** A 429 the caller handles itself (X): carries how long the provider asked us to wait, when it said. */
public class RateLimitedException extends ProviderException {

    private final Duration retryAfter;

    /**
     * @param message what failed
     * @param body the start of the response body
     * @param retryAfter the provider's reset as a delay from now, null when it sent none
     */
    public RateLimitedException(String message, String body, Duration retryAfter) {
        super(message, 429, body);
        this.retryAfter = retryAfter;
    }

    /** @return the provider's reset as a delay from now, null when it sent none */
    public Duration retryAfter() {
        return retryAfter;
    }
}

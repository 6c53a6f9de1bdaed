package io.marketflow.ingest.social.domain;

import java.time.Instant;

/** What one provider's poller last did, for the readiness check: thread-safe, updated after each request. */
public final class SourceStatus {

    /** Consecutive failed requests after which readiness reports the provider down. */
    public static final int UNHEALTHY_AFTER = 5;

    private final String provider;
    private volatile String mode = "off";
    private volatile Instant lastSuccess;
    private volatile int consecutiveFailures;
    private volatile String lastError = "";
    private volatile Instant pausedUntil;

    /** @param provider the provider's name */
    public SourceStatus(String provider) {
        this.provider = provider;
    }

    public void mode(String mode) {
        this.mode = mode;
    }

    public void succeeded(Instant at) {
        lastSuccess = at;
        consecutiveFailures = 0;
    }

    public void failed(String error) {
        consecutiveFailures++;
        lastError = error;
    }

    public void pauseUntil(Instant until) {
        pausedUntil = until;
    }

    /** @param now the current time @return true while a provider-requested pause lasts */
    public boolean paused(Instant now) {
        Instant until = pausedUntil;
        return until != null && now.isBefore(until);
    }

    /** @return true unless the last {@link #UNHEALTHY_AFTER} requests failed */
    public boolean healthy() {
        return consecutiveFailures < UNHEALTHY_AFTER;
    }

    public String provider() {
        return provider;
    }

    public String mode() {
        return mode;
    }

    public Instant lastSuccess() {
        return lastSuccess;
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    public String lastError() {
        return lastError;
    }

    public Instant pausedUntil() {
        return pausedUntil;
    }
}

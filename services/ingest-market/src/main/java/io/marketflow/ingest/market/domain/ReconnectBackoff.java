package io.marketflow.ingest.market.domain;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Delays between reconnection attempts: doubled per failure up to a cap, with jitter so that many instances do not
 * reconnect in step, and a longer wait after Alpaca's 406 (connection limit exceeded).
 */
public final class ReconnectBackoff {

    private final Duration initial;
    private final Duration max;
    private final Duration connectionLimitWait;
    private final DoubleSupplier random;
    private int failures;

    /**
     * @param initial first delay
     * @param max longest delay
     * @param connectionLimitWait the least wait after a 406
     * @param random uniform numbers in [0, 1)
     */
    public ReconnectBackoff(Duration initial, Duration max, Duration connectionLimitWait, DoubleSupplier random) {
        this.initial = initial;
        this.max = max;
        this.connectionLimitWait = connectionLimitWait;
        this.random = random;
    }

    /**
     * @return the delay before the next attempt after one more failure
     */
    public synchronized Duration nextDelay() {
        long cap = max.toMillis();
        long base = Math.min(cap, initial.toMillis() << Math.min(failures, 30));
        failures++;
        // "Equal jitter": half fixed, half random, so the delay never collapses to zero.
        return Duration.ofMillis(base / 2 + Math.round(random.getAsDouble() * (base - base / 2)));
    }

    /**
     * @return the delay after a 406: another session of ours (or a stale one) still holds the plan's only connection
     */
    public synchronized Duration afterConnectionLimit() {
        Duration delay = nextDelay();
        return delay.compareTo(connectionLimitWait) < 0 ? connectionLimitWait : delay;
    }

    /** Called once a connection is authenticated: the next failure starts from the initial delay again. */
    public synchronized void reset() {
        failures = 0;
    }
}

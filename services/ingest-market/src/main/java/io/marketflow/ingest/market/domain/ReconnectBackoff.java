package io.marketflow.ingest.market.domain;

import java.time.Duration;
import java.util.function.DoubleSupplier;

import io.marketflow.provider.Backoff;

/**
 * Delays between reconnection attempts: the shared {@link Backoff} with equal jitter (doubled per failure up to a cap,
 * never collapsing to zero, so many instances do not reconnect in step), counted per failure, and a longer wait after
 * Alpaca's 406 (connection limit exceeded).
 */
public final class ReconnectBackoff {

    private final Backoff backoff;
    private final Duration connectionLimitWait;
    private final DoubleSupplier random;
    private int failures;

    /**
     * @param initial first delay
     * @param max longest delay
     * @param connectionLimitWait the least wait after a 406
     * @param random uniform numbers in [0, 1)
     * @throws IllegalArgumentException when the delays are not 0 < initial <= max
     */
    public ReconnectBackoff(Duration initial, Duration max, Duration connectionLimitWait, DoubleSupplier random) {
        this.backoff = new Backoff(initial, max, Backoff.Jitter.EQUAL);
        this.connectionLimitWait = connectionLimitWait;
        this.random = random;
    }

    /**
     * @return the delay before the next attempt after one more failure
     */
    public synchronized Duration nextDelay() {
        failures++;
        return backoff.delay(failures, random.getAsDouble());
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

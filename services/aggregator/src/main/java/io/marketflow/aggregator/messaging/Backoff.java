package io.marketflow.aggregator.messaging;

import java.time.Duration;

/** Doubling retry delay from 200 ms up to a cap, reset after a success. */
final class Backoff {

    private static final Duration FIRST = Duration.ofMillis(200);
    private final Duration max;
    private Duration current = FIRST;

    Backoff(Duration max) {
        this.max = max;
    }

    Duration current() {
        return current;
    }

    Duration next() {
        Duration d = current;
        Duration doubled = current.multipliedBy(2);
        current = doubled.compareTo(max) > 0 ? max : doubled;
        return d;
    }

    void reset() {
        current = FIRST;
    }
}

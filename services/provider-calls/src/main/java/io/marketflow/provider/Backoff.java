package io.marketflow.provider;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff: the ceiling doubles per attempt from {@code initial} up to {@code max}, and the jitter picks the
 * delay under it, so that many callers (or instances) failing together do not retry in step.
 *
 * @param initial the ceiling of the first attempt's delay
 * @param max the highest ceiling
 * @param jitter how the delay is drawn under the ceiling
 */
public record Backoff(Duration initial, Duration max, Jitter jitter) {

    /** How a delay is drawn under the attempt's ceiling. */
    public enum Jitter {
        /** Uniform in [0, ceiling]: spreads retrying callers the most (AWS "full jitter"). */
        FULL,
        /** Half the ceiling fixed, half random: never collapses to zero, for reconnects that must not hammer. */
        EQUAL,
        /** The ceiling itself: a single caller with nobody to spread from. */
        NONE
    }

    /**
     * @throws IllegalArgumentException when a duration is not positive or {@code initial} exceeds {@code max}
     */
    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    /**
     * @param attempt 1 for the delay after the first failure
     * @return the highest delay of that attempt: min(max, initial × 2^(attempt-1))
     */
    public Duration ceiling(int attempt) {
        // The shift is bounded so that a long outage cannot overflow the long into a negative delay.
        long millis = initial.toMillis() << Math.min(Math.max(attempt, 1) - 1, 30);
        return Duration.ofMillis(Math.min(max.toMillis(), millis));
    }

    /**
     * @param attempt 1 for the delay after the first failure
     * @param random a uniform number in [0, 1]
     * @return the delay before the next attempt
     */
    public Duration delay(int attempt, double random) {
        long ceiling = ceiling(attempt).toMillis();
        return Duration.ofMillis(switch (jitter) {
            case FULL -> Math.round(random * ceiling);
            case EQUAL -> ceiling / 2 + Math.round(random * (ceiling - ceiling / 2));
            case NONE -> ceiling;
        });
    }

    /**
     * @return a counter of consecutive failures over this backoff, its random numbers from {@link ThreadLocalRandom}
     */
    public Attempts attempts() {
        return new Attempts(this, () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * The failures of one retry loop, for callers that keep no attempt number of their own: each {@link #next()} is one
     * more failure, {@link #reset()} after a success starts the next failure from {@code initial} again. One thread.
     */
    public static final class Attempts {

        private final Backoff backoff;
        private final DoubleSupplier random;
        private int failures;

        /**
         * @param backoff the delays
         * @param random uniform numbers in [0, 1]
         */
        public Attempts(Backoff backoff, DoubleSupplier random) {
            this.backoff = backoff;
            this.random = random;
        }

        /**
         * @return the delay before the next attempt, counting one more failure
         */
        public Duration next() {
            // Saturates instead of wrapping: the ceiling stops growing long before, and a wrapped count would start over.
            if (failures < Integer.MAX_VALUE) {
                failures++;
            }
            return backoff.delay(failures, random.getAsDouble());
        }

        /** After a success: the next failure waits the first delay again. */
        public void reset() {
            failures = 0;
        }

        /**
         * @return the consecutive failures counted since the last reset
         */
        public int failures() {
            return failures;
        }
    }
}

package io.marketflow.provider;

import java.time.Duration;
import java.time.Instant;

/**
 * When a poller polls: as soon as it first can, then one interval after each poll. A scheduler tick that fires at
 * the interval itself is lost when the service is not ready yet (schema being migrated, company list not loaded): a
 * 16-minute NewsAPI interval then meant no search for the first 16 minutes after every start. The poller ticks often
 * instead and asks {@link #take} first; a tick that finds the service not ready costs nothing.
 */
public final class PollPace {

    /** How often a poller checks whether it is ready and due: the delay of its first poll after it can. */
    public static final String TICK = "10s";

    private final Duration interval;
    private Instant next = Instant.MIN;

    /**
     * @param interval the time from one poll's start to the next one's
     */
    public PollPace(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("a poll interval must be positive, was " + interval);
        }
        this.interval = interval;
    }

    /**
     * Takes the poll when it is due: the caller polls at once when this returns true.
     *
     * @param now the time
     * @return true when no poll ran yet or the last one started at least an interval ago
     */
    public synchronized boolean take(Instant now) {
        if (now.isBefore(next)) {
            return false;
        }
        next = now.plus(interval);
        return true;
    }
}

package io.marketflow.provider;

import java.time.Duration;

/**
 * One provider's request budget, shared by every concurrent caller: requests are spaced evenly (no bursts), so that no
 * sliding window of a minute ever holds more than the published number, and a {@code Retry-After} pauses everyone.
 */
public final class RateLimiter {

    private final long intervalNanos;
    private long nextFreeNanos = System.nanoTime();

    /**
     * @param requestsPerMinute the provider's published budget
     */
    public RateLimiter(int requestsPerMinute) {
        this.intervalNanos = Duration.ofMinutes(1).toNanos() / requestsPerMinute;
    }

    /**
     * Blocks until this caller may send its request.
     *
     * @throws InterruptedException when the caller is interrupted while waiting
     */
    public void acquire() throws InterruptedException {
        long slot;
        synchronized (this) {
            long now = System.nanoTime();
            slot = Math.max(now, nextFreeNanos);
            nextFreeNanos = slot + intervalNanos;
        }
        long wait = slot - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /**
     * Holds every caller back until an instant, e.g. the provider's {@code Retry-After}.
     *
     * @param pause how long from now nobody may send
     */
    public synchronized void pauseFor(Duration pause) {
        nextFreeNanos = Math.max(nextFreeNanos, System.nanoTime() + pause.toNanos());
    }

    /**
     * @return the spacing between two requests
     */
    public Duration interval() {
        return Duration.ofNanos(intervalNanos);
    }
}

package io.marketflow.sink.messaging;

import java.time.Duration;

/**
 * Exponential backoff between retries of an upload or commit, capped; the writer thread sleeps, which also stops
 * consumption ({@link RawTopicPoller} pauses the partitions once it holds its one poll ahead) instead of buffering more.
 *
 * @param initial first wait
 * @param max longest wait
 */
public record Backoff(Duration initial, Duration max) {

    /**
     * @param attempt 1 for the first retry
     */
    public void sleep(int attempt) {
        long millis = Math.min(max.toMillis(), initial.toMillis() << Math.min(attempt - 1, 20));
        try {
            Thread.sleep(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}

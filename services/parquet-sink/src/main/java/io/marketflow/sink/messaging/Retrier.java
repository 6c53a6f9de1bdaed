package io.marketflow.sink.messaging;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.marketflow.provider.Backoff;

/** Runs a step of a cut (commit, bucket, PUT, delete) until it succeeds or its partitions moved, and reports storage health. */
final class Retrier {

    private static final Logger LOG = Logger.getLogger(Retrier.class);

    private final Backoff backoff;
    private final StorageStatus status;

    /**
     * @param backoff retry pacing
     * @param status  storage health, read by the readiness check
     */
    Retrier(Backoff backoff, StorageStatus status) {
        this.backoff = backoff;
        this.status = status;
    }

    /**
     * Runs a step until it succeeds, with exponential backoff; gives up only when {@code abandoned} says the partitions
     * moved to another member (who replays them).
     *
     * @return the step's result, false when abandoned
     */
    boolean retry(String what, Supplier<Boolean> step, BooleanSupplier abandoned) {
        int attempt = 0;
        while (true) {
            try {
                return step.get();
            } catch (RuntimeException e) {
                if (e instanceof CutHook.SimulatedCrash crash) {
                    throw crash;
                }
                attempt++;
                status.down(what + ": " + e.getMessage());
                LOG.warnf("[retry] - %s failed (attempt %d), retrying: %s", what, attempt, e.toString());
                if (abandoned.getAsBoolean()) {
                    return false;
                }
                pause(backoff.delay(attempt, ThreadLocalRandom.current().nextDouble()));
                if (abandoned.getAsBoolean()) {
                    return false;
                }
            }
        }
    }

    /**
     * Sleeps on the calling thread; on the writer thread that also stops consumption ({@link RawTopicPoller} pauses the
     * partitions once it holds its one poll ahead) instead of buffering more.
     */
    private static void pause(Duration delay) {
        try {
            // never 0: a sub-millisecond backoff must not turn the retry into a busy loop
            Thread.sleep(Math.max(1, delay.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}

package io.marketflow.query.summary;

import java.time.Instant;

/**
 * The aggregator's output as the summary shows it.
 *
 * @param rows rows in {@code aggregated_data}: exact, or PostgreSQL's estimate for a large analysed table
 * @param rowsEstimated true when {@code rows} is the planner's estimate ({@code pg_class.reltuples})
 * @param lastTimestamp the latest feature minute, null when the table is empty
 * @param lastRun the last completed historical run, null when none
 * @param error why the aggregator's tables could not be read, null when they could
 */
public record AggregatorSummary(long rows, boolean rowsEstimated, Instant lastTimestamp, Run lastRun, String error) {

    /**
     * A completed historical run ({@code aggregator_runs}).
     *
     * @param runId the run id
     * @param completedAt when it completed
     * @param units (ticker, ISO week) units it covered
     * @param rowsWritten rows the aggregator had written then
     * @param signalSent whether {@code start_model} was sent
     */
    public record Run(String runId, Instant completedAt, long units, long rowsWritten, boolean signalSent) {
    }
}

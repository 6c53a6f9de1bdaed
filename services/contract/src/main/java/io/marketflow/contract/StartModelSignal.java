package io.marketflow.contract;

import java.time.Instant;
import java.util.Objects;

/**
 * The signal that an aggregation run completed; topic {@link Topics#START_MODEL}. Keeps the original's fields.
 *
 * @param schemaVersion see {@link ContractRecord}
 * @param status {@code data_processing_complete} when the run succeeded
 * @param timestamp when the run completed, UTC
 * @param totalBatchesProcessed how many batches the run aggregated
 * @param message a human-readable summary
 * @param runId identifies the run, so a model can tell two signals apart
 * @param rowsWritten rows upserted into {@code aggregated_data}
 */
public record StartModelSignal(
        int schemaVersion,
        String status,
        Instant timestamp,
        long totalBatchesProcessed,
        String message,
        String runId,
        long rowsWritten) implements ContractRecord {

    /** Status of a successful run, as the original system sent it. */
    public static final String COMPLETE = "data_processing_complete";

    public StartModelSignal {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(timestamp, "timestamp");
    }
}

package io.marketflow.query.lake;

import java.time.Instant;
import java.util.Optional;

/**
 * What the lake holds of one dataset, from a full listing and the files' Parquet footers (no row data is read).
 *
 * @param topic the dataset (raw topic)
 * @param bucket its bucket (S3) or topic folder (local)
 * @param prefix its key prefix, empty for none
 * @param objects Parquet objects, compaction sources covered by a merged file not counted
 * @param bytes their total size
 * @param rows rows in their footers
 * @param firstEvent smallest event time in the footers' statistics, empty without objects or statistics
 * @param lastEvent largest event time in the footers' statistics
 * @param lastWritten newest object's modification time, empty without objects
 */
public record DatasetStats(String topic, String bucket, String prefix, long objects, long bytes, long rows,
                           Optional<Instant> firstEvent, Optional<Instant> lastEvent, Optional<Instant> lastWritten) {
}

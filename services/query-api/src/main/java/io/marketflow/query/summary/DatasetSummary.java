package io.marketflow.query.summary;

import java.time.Instant;

/**
 * One dataset of the lake: its objects and bytes from the listing, its rows and event-time range from the footers.
 * Rows and times cover {@code parquetFiles - footersPending - unreadableFiles} files; they are exact when both are 0
 * and the listing was not truncated. A compaction in progress may briefly count a merged file and its inputs twice.
 *
 * @param dataset the dataset id (default topic name)
 * @param topic the Kafka topic it is written from
 * @param bucket the bucket
 * @param prefix the key prefix, empty for a whole bucket
 * @param objects objects listed under the prefix
 * @param bytes their total size
 * @param parquetFiles how many of them are {@code .parquet} files
 * @param rows rows in the files whose footers were read
 * @param firstEvent earliest event time in those files, null when none
 * @param lastEvent latest event time, null when none
 * @param footersPending Parquet files whose footer is not read yet (a later refresh reads them)
 * @param unreadableFiles files whose footer could not be parsed
 * @param listingTruncated true when the prefix holds more objects than one refresh lists
 * @param listedAt when the listing was taken
 * @param error why the dataset could not be listed, null when it was
 */
public record DatasetSummary(String dataset, String topic, String bucket, String prefix, long objects, long bytes, long parquetFiles,
                             long rows, Instant firstEvent, Instant lastEvent, long footersPending, long unreadableFiles,
                             boolean listingTruncated, Instant listedAt, String error) {
}

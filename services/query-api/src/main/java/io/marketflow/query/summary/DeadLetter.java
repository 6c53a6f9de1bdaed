package io.marketflow.query.summary;

import java.time.Instant;

/**
 * One dead letter as the status page shows it: when, why, and where it came from.
 *
 * @param at the record's Kafka timestamp
 * @param reason the {@code reason} header every service writes (ingest services and the sink alike), null when absent
 * @param source the {@code source} header (provider) when the writer set one, else null
 * @param key the record key as text (ticker, alias, keyword), null when none
 * @param partition the DLQ partition
 * @param offset the DLQ offset
 */
public record DeadLetter(Instant at, String reason, String source, String key, int partition, long offset) {
}

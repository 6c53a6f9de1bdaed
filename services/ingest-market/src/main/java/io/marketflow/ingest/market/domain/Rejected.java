package io.marketflow.ingest.market.domain;

/**
 * A record that failed validation, with the reason that goes into its dead-letter header.
 *
 * @param record the record, unchanged
 * @param reason short machine-readable reason ({@code ohlc}, {@code volume}, {@code duplicate}, …) and detail
 * @param <T> the record type
 */
public record Rejected<T>(T record, String reason) {
}

package io.marketflow.ingest.macro.domain;

import java.util.List;

/**
 * What a normalizer made of one answer: valid records and rejected rows.
 *
 * @param records valid records, in the provider's order
 * @param rejected rows that failed validation
 * @param <T> the record type
 */
public record Normalized<T>(List<T> records, List<Rejected> rejected) {
}

package io.marketflow.ingest.macro.domain;

/**
 * An input row that failed validation: its raw JSON and why, for the dead-letter topic.
 *
 * @param key the Kafka key (alias or event type)
 * @param raw the row as the provider sent it
 * @param reason why it was rejected
 */
public record Rejected(String key, String raw, String reason) {
}

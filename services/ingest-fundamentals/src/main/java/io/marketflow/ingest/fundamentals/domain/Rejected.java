package io.marketflow.ingest.fundamentals.domain;

/**
 * A statement that went to the dead-letter topic instead of {@code h_company}.
 *
 * @param ticker the ticker it was requested or read for (the dead letter's key)
 * @param source where it came from
 * @param reason why
 * @param payload the statement as received (JSON text)
 */
public record Rejected(String ticker, String source, String reason, String payload) {
}

package io.marketflow.ingest.fundamentals.domain;

import io.marketflow.contract.FundamentalsRecord;

/**
 * The identity of one version of a statement: a restated statement has the same ticker, period and fiscal year but a
 * new filing (its accepted time or filing date), so it is a new version and a new record.
 *
 * @param source where it came from
 * @param ticker the ticker
 * @param period FY, Q1 … Q4
 * @param fiscalYear the fiscal year
 * @param versionKey the accepted instant, else {@code filed:<date>}, else {@code rule:<availableFrom>}
 */
public record StatementVersion(String source, String ticker, String period, int fiscalYear, String versionKey) {

    /**
     * @param record a record about to be sent
     * @return its version
     */
    public static StatementVersion of(FundamentalsRecord record) {
        String key = record.acceptedAt() != null ? record.acceptedAt().toString()
                : record.filingDate() != null ? "filed:" + record.filingDate() : "rule:" + record.availableFrom();
        return new StatementVersion(record.source(), record.ticker(), record.period(), record.fiscalYear(), key);
    }
}

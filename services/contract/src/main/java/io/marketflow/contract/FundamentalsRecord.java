package io.marketflow.contract;

import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;

/**
 * One company's financial statements for one reporting period; topic {@link Topics#H_COMPANY}, key = ticker.
 * The numeric statement lines vary by provider, so they travel as a name → value map.
 *
 * @param schemaVersion see {@link ContractRecord}
 * @param ticker the ticker
 * @param period {@code FY}, {@code Q1} … {@code Q4}
 * @param fiscalYear the fiscal year the statements describe
 * @param reportDate end of the reporting period
 * @param filingDate when the statements became public: the point-in-time date features must use
 * @param currency reporting currency
 * @param metrics statement lines (revenue, netIncome, balance_totalAssets, …)
 * @param source provider: {@code fmp}, {@code parquet}
 */
public record FundamentalsRecord(
        int schemaVersion,
        String ticker,
        String period,
        int fiscalYear,
        LocalDate reportDate,
        LocalDate filingDate,
        String currency,
        Map<String, Double> metrics,
        String source) implements ContractRecord {

    public FundamentalsRecord {
        Objects.requireNonNull(ticker, "ticker");
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}

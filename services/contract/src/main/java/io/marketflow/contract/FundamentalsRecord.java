package io.marketflow.contract;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;

/**
 * One company's financial statements for one reporting period; topic {@link Topics#H_COMPANY}, key = ticker.
 * The numeric statement lines vary by provider, so they travel as a name → value map whose keys use the original
 * system's names ({@link #EPS}, {@link #REVENUE}, … with {@code balance_} and {@code cashflow_} prefixes for the
 * balance sheet and cash flow statement). A restated statement is a new record with its own {@code availableFrom}.
 *
 * @param schemaVersion see {@link ContractRecord}
 * @param ticker the ticker
 * @param period {@code FY}, {@code Q1} … {@code Q4}
 * @param fiscalYear the fiscal year the statements describe
 * @param reportDate end of the reporting period
 * @param filingDate when the statements were filed, when the provider says (FMP's {@code filingDate})
 * @param currency reporting currency
 * @param metrics statement lines (revenue, netIncome, balance_totalAssets, …)
 * @param source provider: {@code fmp}, {@code parquet}
 * @param acceptedAt when the filing was accepted (FMP's {@code acceptedDate}, New York time converted to UTC), when known
 * @param availableFrom the first day features may use these statements: the point-in-time key (the filing date, or a
 *        documented conservative rule where the provider has none)
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
        String source,
        Instant acceptedAt,
        LocalDate availableFrom) implements ContractRecord {

    /** Earnings per share, from the income statement. */
    public static final String EPS = "eps";
    /** Revenue, from the income statement. */
    public static final String REVENUE = "revenue";
    /** Net income, from the income statement. */
    public static final String NET_INCOME = "netIncome";
    /** Free cash flow, from the cash flow statement. */
    public static final String FREE_CASH_FLOW = "cashflow_freeCashFlow";
    /** Total debt, from the balance sheet. */
    public static final String TOTAL_DEBT = "balance_totalDebt";
    /** Total stockholders' equity, from the balance sheet. */
    public static final String TOTAL_EQUITY = "balance_totalStockholdersEquity";

    public FundamentalsRecord {
        Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(availableFrom, "availableFrom");
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}

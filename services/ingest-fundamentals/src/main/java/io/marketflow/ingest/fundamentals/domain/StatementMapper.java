package io.marketflow.ingest.fundamentals.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.marketflow.contract.ContractRecord;
import io.marketflow.contract.FundamentalsRecord;

/**
 * Turns the original file's rows and FMP's statements into {@link FundamentalsRecord}s with the original metric names
 * (income lines bare, {@code balance_*}, {@code cashflow_*}; FMP's key metrics as {@code keymetrics_*}) and the
 * point-in-time {@code availableFrom} of {@link AvailabilityRule}.
 */
public final class StatementMapper {

    /** {@code source} of the file's records. */
    public static final String FILE_SOURCE = "parquet";
    /** Prefix of the balance sheet's lines. */
    public static final String BALANCE = "balance_";
    /** Prefix of the cash flow statement's lines. */
    public static final String CASHFLOW = "cashflow_";
    /** Prefix of FMP's key metrics (the original had none). */
    public static final String KEY_METRICS = "keymetrics_";

    /** Lines the aggregator reads: present but not a number means the statement is broken, not merely sparse. */
    private static final List<String> NUMERIC = List.of(FundamentalsRecord.EPS, FundamentalsRecord.REVENUE, FundamentalsRecord.NET_INCOME);
    /** Numbers that identify the row rather than describe the company. */
    private static final Set<String> NOT_METRICS = Set.of("reportIndex");

    private final AvailabilityRule rule;

    /**
     * @param rule the availability rule
     */
    public StatementMapper(AvailabilityRule rule) {
        this.rule = rule;
    }

    /**
     * One row of the original file: income columns bare, balance and cash flow prefixed, FMP's legacy names
     * ({@code fillingDate}, {@code calendarYear}).
     *
     * @param row column → value (String, Long or Double; null columns absent)
     * @return the record
     * @throws MalformedStatementException when a key field is missing or malformed
     */
    public FundamentalsRecord fromFileRow(Map<String, Object> row) {
        String ticker = required(text(row.get("symbol")), "symbol");
        String period = required(text(row.get("period")), "period");
        // The original shifted calendarYear by -1 for companies whose fiscal year ends early in the next calendar year
        // (NVDA, WMT); the balance sheet and cash flow columns kept FMP's own year, which is what FMP's API says too.
        String year = firstNonBlank(text(row.get(BALANCE + "calendarYear")), text(row.get(CASHFLOW + "calendarYear")),
                text(row.get("calendarYear")));
        LocalDate periodEnd = AvailabilityRule.date("date", firstNonBlank(text(row.get("date")), text(row.get("reportDate"))));
        LocalDate filingDate = AvailabilityRule.date("fillingDate", text(row.get("fillingDate")));
        Instant acceptedAt = AvailabilityRule.acceptedAt(text(row.get("acceptedDate")));
        Map<String, Double> metrics = new LinkedHashMap<>();
        row.forEach((name, value) -> {
            if (value instanceof Number number && !NOT_METRICS.contains(name)) {
                metrics.put(name, number.doubleValue());
            }
        });
        for (String name : NUMERIC) {
            if (row.containsKey(name) && row.get(name) != null && !(row.get(name) instanceof Number)) {
                throw new MalformedStatementException(name + " is not a number: " + row.get(name));
            }
        }
        return new FundamentalsRecord(ContractRecord.CURRENT_SCHEMA_VERSION, ticker, period, fiscalYear(year), periodEnd, filingDate,
                text(row.get("reportedCurrency")), metrics, FILE_SOURCE, acceptedAt, rule.availableFrom(filingDate, acceptedAt, periodEnd));
    }

    /**
     * One period of FMP's stable statements, joined on the period end and period.
     *
     * @param ticker the ticker that was requested
     * @param income the income statement (its dates are the record's)
     * @param balance the balance sheet of the same period, or null
     * @param cashflow the cash flow statement of the same period, or null
     * @param keyMetrics the key metrics of the same period, or null
     * @param source the record's {@code source}
     * @return the record
     * @throws MalformedStatementException when a key field is missing or malformed
     */
    public FundamentalsRecord fromFmp(String ticker, JsonNode income, JsonNode balance, JsonNode cashflow, JsonNode keyMetrics, String source) {
        if (income == null || !income.isObject()) {
            throw new MalformedStatementException("statement is not a JSON object");
        }
        String symbol = required(text(income, "symbol"), "symbol");
        if (!symbol.equalsIgnoreCase(ticker)) {
            throw new MalformedStatementException("symbol " + symbol + " does not match the requested " + ticker);
        }
        String period = required(text(income, "period"), "period");
        LocalDate periodEnd = required(AvailabilityRule.date("date", text(income, "date")), "date");
        // Stable names first; the legacy v3 names (sic "fillingDate") where a recorded legacy response is replayed.
        String year = required(firstNonBlank(text(income, "fiscalYear"), text(income, "calendarYear")), "fiscalYear");
        LocalDate filingDate = AvailabilityRule.date("filingDate", firstNonBlank(text(income, "filingDate"), text(income, "fillingDate")));
        Instant acceptedAt = AvailabilityRule.acceptedAt(text(income, "acceptedDate"));
        for (String name : NUMERIC) {
            JsonNode value = income.get(name);
            if (value != null && !value.isNull() && !value.isNumber()) {
                throw new MalformedStatementException(name + " is not a number: " + value);
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        numbers(income, "", metrics);
        numbers(balance, BALANCE, metrics);
        numbers(cashflow, CASHFLOW, metrics);
        numbers(keyMetrics, KEY_METRICS, metrics);
        return new FundamentalsRecord(ContractRecord.CURRENT_SCHEMA_VERSION, symbol.toUpperCase(), period, fiscalYear(year), periodEnd, filingDate,
                text(income, "reportedCurrency"), metrics, source, acceptedAt, rule.availableFrom(filingDate, acceptedAt, periodEnd));
    }

    private static void numbers(JsonNode statement, String prefix, Map<String, Double> into) {
        if (statement == null || !statement.isObject()) {
            return;
        }
        statement.fields().forEachRemaining(field -> {
            if (field.getValue().isNumber()) {
                into.put(prefix + field.getKey(), field.getValue().doubleValue());
            }
        });
    }

    private static int fiscalYear(String text) {
        try {
            int year = Integer.parseInt(text.trim());
            if (year < 1900 || year > 2200) {
                throw new MalformedStatementException("fiscal year out of range: " + text);
            }
            return year;
        } catch (NumberFormatException e) {
            throw new MalformedStatementException("fiscal year is not a number: " + text);
        }
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new MalformedStatementException("missing " + field);
        }
        return value;
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString();
        return text.isBlank() ? null : text;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}

package io.marketflow.aggregator.domain;

import java.time.Instant;
import java.time.LocalDate;

import io.marketflow.contract.FundamentalsRecord;

/**
 * The statement lines features use from one {@link FundamentalsRecord}, with its point-in-time keys.
 *
 * @param ticker the ticker
 * @param period {@code FY}, {@code Q1} …
 * @param fiscalYear fiscal year
 * @param availableFrom first day features may use it
 * @param reportDate end of the reporting period
 * @param acceptedAt when the filing was accepted, when known (a same-day filing after t is not yet visible at t)
 * @param eps earnings per share
 * @param freeCashFlow free cash flow
 * @param netIncome net income
 * @param revenue revenue
 * @param totalDebt total debt
 * @param totalEquity total stockholders' equity
 */
public record Fundamentals(String ticker, String period, int fiscalYear, LocalDate availableFrom, LocalDate reportDate,
                           Instant acceptedAt, Double eps, Double freeCashFlow, Double netIncome, Double revenue,
                           Double totalDebt, Double totalEquity) {

    /**
     * @param r a contract record
     * @return the lines the features use
     */
    public static Fundamentals of(FundamentalsRecord r) {
        var m = r.metrics();
        return new Fundamentals(r.ticker(), r.period() == null ? "FY" : r.period(), r.fiscalYear(), r.availableFrom(),
                r.reportDate(), r.acceptedAt(), m.get(FundamentalsRecord.EPS), m.get(FundamentalsRecord.FREE_CASH_FLOW),
                m.get(FundamentalsRecord.NET_INCOME), m.get(FundamentalsRecord.REVENUE),
                m.get(FundamentalsRecord.TOTAL_DEBT), m.get(FundamentalsRecord.TOTAL_EQUITY));
    }

    /**
     * @param day the bar's New York date
     * @param t the bar's time
     * @return true when the statements were public at t
     */
    public boolean visibleAt(LocalDate day, Instant t) {
        return !day.isBefore(availableFrom) && (acceptedAt == null || !acceptedAt.isAfter(t));
    }

    /** @return net income / revenue, null when either is missing or revenue is zero */
    public Double profitMargin() {
        return ratio(netIncome, revenue);
    }

    /** @return total debt / total equity, null when either is missing or equity is zero */
    public Double debtToEquity() {
        return ratio(totalDebt, totalEquity);
    }

    private static Double ratio(Double a, Double b) {
        return a == null || b == null || b == 0.0 ? null : a / b;
    }
}

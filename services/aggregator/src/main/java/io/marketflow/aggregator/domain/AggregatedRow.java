package io.marketflow.aggregator.domain;

import java.time.Instant;
import java.util.List;

/**
 * One row of {@code aggregated_data}: a ticker's features at one regular-session minute. Field order is column order
 * (the original system's 35 columns, then the indicators); a null is SQL NULL (no data known at that time).
 */
public record AggregatedRow(
        String ticker,
        Instant timestamp,
        Double priceMean1min,
        Double priceMean5min,
        Double priceStd5min,
        Double priceMean30min,
        Double priceStd30min,
        Double sizeTot1min,
        Double sizeTot5min,
        Double sizeTot30min,
        Double sentimentBlueskyMean2hours,
        Double sentimentBlueskyMean1day,
        Double sentimentNewsMean1day,
        Double sentimentNewsMean3days,
        Double sentimentGeneralBlueskyMean2hours,
        Double sentimentGeneralBlueskyMean1day,
        Double minutesSinceOpen,
        Integer dayOfWeek,
        Integer dayOfMonth,
        Integer weekOfYear,
        Integer monthOfYear,
        Integer marketOpenSpikeFlag,
        Integer marketCloseSpikeFlag,
        Double eps,
        Double freeCashFlow,
        Double profitMargin,
        Double debtToEquity,
        Double gdpReal,
        Double cpi,
        Double ffr,
        Double t10y,
        Double t2y,
        Double spread10y2y,
        Double unemployment,
        Double y1,
        Double sma20,
        Double ema20,
        Double rsi14,
        Double macd,
        Double macdSignal,
        Double macdHist,
        Double bbUpper20,
        Double bbMiddle20,
        Double bbLower20,
        Double atr14) {

    /** Column names in field order, as in the registry's V5 migration. */
    public static final List<String> COLUMNS = List.of("ticker", "timestamp", "price_mean_1min", "price_mean_5min",
            "price_std_5min", "price_mean_30min", "price_std_30min", "size_tot_1min", "size_tot_5min", "size_tot_30min",
            "sentiment_bluesky_mean_2hours", "sentiment_bluesky_mean_1day", "sentiment_news_mean_1day",
            "sentiment_news_mean_3days", "sentiment_general_bluesky_mean_2hours", "sentiment_general_bluesky_mean_1day",
            "minutes_since_open", "day_of_week", "day_of_month", "week_of_year", "month_of_year",
            "market_open_spike_flag", "market_close_spike_flag", "eps", "free_cash_flow", "profit_margin",
            "debt_to_equity", "gdp_real", "cpi", "ffr", "t10y", "t2y", "spread_10y_2y", "unemployment", "y1",
            "sma_20", "ema_20", "rsi_14", "macd", "macd_signal", "macd_hist", "bb_upper_20", "bb_middle_20",
            "bb_lower_20", "atr_14");

    /** @return the values in column order (ticker and timestamp first) */
    public Object[] values() {
        return new Object[] {ticker, timestamp, priceMean1min, priceMean5min, priceStd5min, priceMean30min,
                priceStd30min, sizeTot1min, sizeTot5min, sizeTot30min, sentimentBlueskyMean2hours,
                sentimentBlueskyMean1day, sentimentNewsMean1day, sentimentNewsMean3days,
                sentimentGeneralBlueskyMean2hours, sentimentGeneralBlueskyMean1day, minutesSinceOpen, dayOfWeek,
                dayOfMonth, weekOfYear, monthOfYear, marketOpenSpikeFlag, marketCloseSpikeFlag, eps, freeCashFlow,
                profitMargin, debtToEquity, gdpReal, cpi, ffr, t10y, t2y, spread10y2y, unemployment, y1, sma20, ema20,
                rsi14, macd, macdSignal, macdHist, bbUpper20, bbMiddle20, bbLower20, atr14};
    }

    /**
     * @return the same row with every feature but the target: what the no-look-ahead property compares
     */
    public List<Object> features() {
        Object[] all = values();
        java.util.ArrayList<Object> out = new java.util.ArrayList<>(java.util.Arrays.asList(all));
        out.remove(COLUMNS.indexOf("y1"));
        return out;
    }
}

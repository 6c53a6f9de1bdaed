package io.marketflow.contract;

import java.time.Instant;
import java.util.Objects;

/**
 * One OHLCV bar of a ticker from any provider, normalized.
 *
 * @param schemaVersion see {@link ContractRecord}
 * @param ticker the ticker
 * @param timestamp start of the bar's interval, UTC
 * @param timeframe the bar's length in the provider-neutral form {@code 1Min}, {@code 5Min}, {@code 1Day}
 * @param open first price
 * @param high highest price
 * @param low lowest price
 * @param close last price
 * @param volume shares traded
 * @param tradeCount number of trades, when the provider reports it
 * @param vwap volume-weighted average price, when the provider reports it
 * @param source provider: {@code alpaca}, {@code polygon}, {@code yahoo}, {@code alphavantage}
 * @param priceJump true when the bar moved beyond the robust jump threshold (flagged, never dropped)
 */
public record Bar(
        int schemaVersion,
        String ticker,
        Instant timestamp,
        String timeframe,
        double open,
        double high,
        double low,
        double close,
        double volume,
        Long tradeCount,
        Double vwap,
        String source,
        boolean priceJump) implements ContractRecord {

    public Bar {
        Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(timestamp, "timestamp");
    }
}

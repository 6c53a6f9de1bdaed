package io.marketflow.aggregator.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One ticker's 1-minute OHLCV bar, the unit every feature is computed from.
 *
 * @param ticker the ticker
 * @param minute start of the bar's minute, UTC (the row's {@code timestamp})
 * @param open first price
 * @param high highest price
 * @param low lowest price
 * @param close last price
 * @param volume shares traded
 */
public record MinuteBar(String ticker, Instant minute, double open, double high, double low, double close, double volume) {

    public MinuteBar {
        Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(minute, "minute");
    }
}

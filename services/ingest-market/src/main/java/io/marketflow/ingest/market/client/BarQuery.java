package io.marketflow.ingest.market.client;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The provider-neutral question every bar provider answers: these symbols' bars of one timeframe in [start, end).
 *
 * @param symbols tickers, e.g. {@code AAPL}
 * @param start first bar start, inclusive
 * @param end last bar start, exclusive
 * @param timeframe {@link #ONE_MINUTE} or {@link #ONE_DAY}
 */
public record BarQuery(List<String> symbols, Instant start, Instant end, String timeframe) {

    /** One-minute bars. */
    public static final String ONE_MINUTE = "1Min";
    /** Daily bars. */
    public static final String ONE_DAY = "1Day";

    public BarQuery {
        symbols = List.copyOf(symbols);
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("start " + start + " is not before end " + end);
        }
        if (!ONE_MINUTE.equals(timeframe) && !ONE_DAY.equals(timeframe)) {
            throw new IllegalArgumentException("unsupported timeframe " + timeframe);
        }
    }

    /**
     * @param timestamp a bar's start
     * @return true when the bar belongs to the query's window
     */
    public boolean covers(Instant timestamp) {
        return !timestamp.isBefore(start) && timestamp.isBefore(end);
    }
}

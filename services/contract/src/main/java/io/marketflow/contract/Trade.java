package io.marketflow.contract;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One executed trade of a ticker, from a real feed or the synthetic generator; topic {@link Topics#STOCK_TRADES}, key = ticker.
 *
 * @param schemaVersion see {@link ContractRecord}
 * @param ticker the ticker, e.g. {@code AAPL}
 * @param timestamp execution time, UTC, with the feed's full (nanosecond) precision
 * @param price price per share, as the feed sent it (never rounded)
 * @param size shares traded (fractional sizes exist, hence a double)
 * @param exchange the feed's exchange code ({@code V} for IEX), {@code SYNTH} for synthetic trades
 * @param tradeId the feed's trade id, when it has one
 * @param conditions the feed's trade condition codes, empty when none
 * @param tape the consolidated tape (A/B/C), when known
 * @param source where the trade came from: {@code alpaca}, {@code synthetic}, …
 * @param synthetic true when the trade was generated, never a real execution
 */
public record Trade(
        int schemaVersion,
        String ticker,
        Instant timestamp,
        double price,
        double size,
        String exchange,
        Long tradeId,
        List<String> conditions,
        String tape,
        String source,
        boolean synthetic) implements ContractRecord {

    /** Source name of trades made by the synthetic generator. */
    public static final String SYNTHETIC_SOURCE = "synthetic";

    public Trade {
        Objects.requireNonNull(ticker, "ticker");
        Objects.requireNonNull(timestamp, "timestamp");
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
    }

    /**
     * A generated trade, marked as synthetic.
     *
     * @param ticker the ticker
     * @param timestamp the simulated execution time
     * @param price the simulated price
     * @param size the simulated size
     * @return a trade with {@code synthetic == true} and source {@link #SYNTHETIC_SOURCE}
     */
    public static Trade synthetic(String ticker, Instant timestamp, double price, double size) {
        return new Trade(CURRENT_SCHEMA_VERSION, ticker, timestamp, price, size, "SYNTH", null, List.of(), null, SYNTHETIC_SOURCE, true);
    }
}

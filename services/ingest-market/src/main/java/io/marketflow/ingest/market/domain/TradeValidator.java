package io.marketflow.ingest.market.domain;

import java.util.Optional;
import java.util.Set;

import io.marketflow.contract.Trade;

/**
 * Checks a real trade before it is published: a positive price and size, and a ticker the registry knows as active.
 */
public final class TradeValidator {

    /** Reason of a trade whose price is not a positive finite number. */
    public static final String PRICE = "price";
    /** Reason of a trade whose size is not a positive finite number. */
    public static final String SIZE = "size";
    /** Reason of a trade of a ticker that is not an active company. */
    public static final String UNKNOWN_TICKER = "unknown-ticker";

    private TradeValidator() {
    }

    /**
     * @param trade the trade
     * @param knownTickers the active tickers of the registry
     * @return the rejection, with its reason, or empty when the trade is valid
     */
    public static Optional<Rejected<Trade>> validate(Trade trade, Set<String> knownTickers) {
        // NaN fails every comparison, so "!(x > 0)" rejects NaN as well as zero and negatives.
        if (!(trade.price() > 0) || Double.isInfinite(trade.price())) {
            return Optional.of(new Rejected<>(trade, PRICE + ": " + trade.price()));
        }
        if (!(trade.size() > 0) || Double.isInfinite(trade.size())) {
            return Optional.of(new Rejected<>(trade, SIZE + ": " + trade.size()));
        }
        if (!knownTickers.contains(trade.ticker())) {
            return Optional.of(new Rejected<>(trade, UNKNOWN_TICKER + ": " + trade.ticker()));
        }
        return Optional.empty();
    }

    /**
     * @param reason a rejection reason as built by {@link #validate}
     * @return its short machine-readable part (the metric tag)
     */
    public static String kind(String reason) {
        int colon = reason.indexOf(':');
        return colon < 0 ? reason : reason.substring(0, colon);
    }
}

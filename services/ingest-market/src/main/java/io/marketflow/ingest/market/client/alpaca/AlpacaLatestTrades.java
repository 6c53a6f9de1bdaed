package io.marketflow.ingest.market.client.alpaca;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The answer of {@code GET /v2/stocks/trades/latest}: the last trade per symbol.
 *
 * @param trades last trade per symbol
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlpacaLatestTrades(Map<String, AlpacaTrade> trades) {

    /**
     * One Alpaca trade (REST and WebSocket share the field names).
     *
     * @param t execution time, RFC 3339 with nanoseconds
     * @param p price
     * @param s size
     * @param x exchange code ({@code V} = IEX)
     * @param i trade id
     * @param c condition codes
     * @param z tape
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AlpacaTrade(String t, double p, double s, String x, Long i, List<String> c, String z) {
    }
}

package io.marketflow.ingest.market.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.marketflow.contract.Trade;

class TradeValidatorTest {

    private static final Set<String> KNOWN = Set.of("AAPL");

    @Test
    void acceptsAPositiveTradeOfAKnownTicker() {
        assertThat(TradeValidator.validate(trade("AAPL", 229.87, 100), KNOWN)).isEmpty();
    }

    @Test
    void rejectsNonPositiveOrNonFinitePriceAndSizeAndUnknownTickers() {
        assertThat(reason(trade("AAPL", 0, 1))).isEqualTo("price: 0.0");
        assertThat(reason(trade("AAPL", -1, 1))).startsWith("price");
        assertThat(reason(trade("AAPL", Double.NaN, 1))).startsWith("price");
        assertThat(reason(trade("AAPL", Double.POSITIVE_INFINITY, 1))).startsWith("price");
        assertThat(reason(trade("AAPL", 1, 0))).isEqualTo("size: 0.0");
        assertThat(reason(trade("ZZZZ", 1, 1))).isEqualTo("unknown-ticker: ZZZZ");
        assertThat(TradeValidator.kind("unknown-ticker: ZZZZ")).isEqualTo("unknown-ticker");
    }

    private static String reason(Trade trade) {
        return TradeValidator.validate(trade, KNOWN).orElseThrow().reason();
    }

    private static Trade trade(String ticker, double price, double size) {
        return new Trade(1, ticker, Instant.parse("2025-11-20T15:04:05.123456789Z"), price, size, "V", 1L, List.of("@"), "C", "alpaca", false);
    }
}

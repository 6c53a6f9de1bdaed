package io.marketflow.ingest.market.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.marketflow.calendar.MarketCalendar;
import io.marketflow.contract.Trade;

class SyntheticTradeGeneratorTest {

    private static final MarketCalendar NYSE = MarketCalendar.nyse();
    // Tuesday 2026-11-17, 10:00 New York.
    private static final Instant SESSION = Instant.parse("2026-11-17T15:00:00Z");

    @Test
    void replaysTheSamePricesAndSizesForTheSameSeed() {
        assertThat(path(generator(42), "AAPL", 200, 500)).isEqualTo(path(generator(42), "AAPL", 200, 500));
    }

    @Test
    void differentSeedsGiveDifferentPaths() {
        assertThat(path(generator(42), "AAPL", 200, 50)).isNotEqualTo(path(generator(7), "AAPL", 200, 50));
    }

    @Test
    void aTickersPathDoesNotDependOnWhichOtherTickersTrade() {
        SyntheticTradeGenerator alone = generator(42);
        SyntheticTradeGenerator withOthers = generator(42);
        List<Trade> expected = path(alone, "MSFT", 470, 100);
        List<Trade> interleaved = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            withOthers.next("AAPL", 200, SESSION);
            interleaved.add(withOthers.next("MSFT", 470, SESSION));
        }
        assertThat(interleaved).isEqualTo(expected);
    }

    @Test
    void marksEveryTradeSyntheticWithPositiveCentPricesAndWholeShareSizes() {
        for (Trade trade : path(generator(1), "BAC", 45, 5_000)) {
            assertThat(trade.synthetic()).isTrue();
            assertThat(trade.source()).isEqualTo(Trade.SYNTHETIC_SOURCE);
            assertThat(trade.price()).isPositive();
            assertThat(Math.round(trade.price() * 100) / 100.0).isEqualTo(trade.price());
            assertThat(trade.size()).isGreaterThanOrEqualTo(1).isEqualTo(Math.rint(trade.size()));
        }
    }

    @Test
    void staysNearTheAnchorPriceOverAWeekOfTrading() {
        // One trade per second for five sessions of 6.5 hours: 117,000 steps.
        List<Trade> week = path(generator(42), "NFLX", 1250, 5 * 23_400);
        double last = week.get(week.size() - 1).price();
        assertThat(last).isBetween(1250 * 0.7, 1250 / 0.7);
        assertThat(week.stream().mapToDouble(Trade::price).max().orElseThrow()).isLessThan(1250 * 1.6);
    }

    @Test
    void movesLikeGeometricBrownianMotionWithTheConfiguredVolatility() {
        List<Trade> trades = path(generator(3), "SPY", 500, 23_400);
        double sumSquares = 0;
        for (int i = 1; i < trades.size(); i++) {
            double r = Math.log(trades.get(i).price() / trades.get(i - 1).price());
            sumSquares += r * r;
        }
        double annualized = Math.sqrt(sumSquares / (trades.size() - 1) * SyntheticTradeGenerator.TRADING_SECONDS_PER_YEAR);
        // Rounding to cents adds a little noise on top of σ = 0.3.
        assertThat(annualized).isBetween(0.25, 0.40);
    }

    @Test
    void roundLotsAreCommonAmongLargerTrades() {
        SplittableRandom random = new SplittableRandom(9);
        int large = 0;
        int roundLots = 0;
        for (int i = 0; i < 10_000; i++) {
            double size = SyntheticTradeGenerator.size(random, 1.0);
            if (size >= 100) {
                large++;
                roundLots += size % 100 == 0 ? 1 : 0;
            }
        }
        assertThat((double) roundLots / large).isBetween(0.45, 0.65);
    }

    @Test
    void quotesPricesInWholeCentsAndNeverBelowOneCent() {
        assertThat(SyntheticTradeGenerator.cents(200.034999)).isEqualTo(200.03);
        assertThat(SyntheticTradeGenerator.cents(0.0001)).isEqualTo(0.01);
    }

    private static SyntheticTradeGenerator generator(long seed) {
        return new SyntheticTradeGenerator(seed, Duration.ofSeconds(1), 0.3, Duration.ofDays(5), new IntradayVolumeProfile(NYSE));
    }

    private static List<Trade> path(SyntheticTradeGenerator generator, String ticker, double anchor, int steps) {
        List<Trade> trades = new ArrayList<>(steps);
        for (int i = 0; i < steps; i++) {
            trades.add(generator.next(ticker, anchor, SESSION));
        }
        return trades;
    }
}

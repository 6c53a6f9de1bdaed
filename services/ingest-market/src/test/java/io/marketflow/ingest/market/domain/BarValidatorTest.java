package io.marketflow.ingest.market.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.marketflow.calendar.MarketCalendar;
import io.marketflow.contract.Bar;

class BarValidatorTest {

    private final BarValidator validator = new BarValidator(MarketCalendar.nyse(), 10, 30);

    @Test
    void keepsSessionBarsFiltersExtendedHoursAndRejectsTheRest() {
        List<Bar> bars = List.of(
                bar("2024-11-27T09:00:00Z", 100), // 04:00 New York: extended hours, filtered
                bar("2024-11-27T14:30:00Z", 100), // the open (EST)
                bar("2024-11-28T15:00:00Z", 100), // Thanksgiving: not a session, not extended hours
                bar("2024-11-29T17:59:00Z", 100), // last minute of the early close
                bar("2024-11-29T18:00:00Z", 100)); // 13:00 on the early close: extended hours

        BarValidator.Result result = validator.validate(bars);

        assertThat(result.valid()).extracting(Bar::timestamp)
                .containsExactly(Instant.parse("2024-11-27T14:30:00Z"), Instant.parse("2024-11-29T17:59:00Z"));
        assertThat(result.extendedHours()).isEqualTo(2);
        assertThat(result.rejected()).singleElement().satisfies(r -> assertThat(r.reason()).startsWith("outside-session"));
    }

    @Test
    void rejectsImpossibleValuesAndDuplicates() {
        Bar ok = bar("2024-11-27T15:00:00Z", 100);
        Bar highBelowClose = new Bar(1, "AAPL", Instant.parse("2024-11-27T15:01:00Z"), "1Min", 100, 100.5, 99, 101, 10, null, null, "t", false);
        Bar negativeVolume = new Bar(1, "AAPL", Instant.parse("2024-11-27T15:02:00Z"), "1Min", 100, 101, 99, 100, -1, null, null, "t", false);
        Bar zeroPrice = new Bar(1, "AAPL", Instant.parse("2024-11-27T15:03:00Z"), "1Min", 0, 101, 0, 100, 1, null, null, "t", false);

        BarValidator.Result result = validator.validate(List.of(ok, ok, highBelowClose, negativeVolume, zeroPrice));

        assertThat(result.valid()).containsExactly(ok);
        assertThat(result.rejected()).extracting(r -> r.reason().split(":")[0])
                .containsExactly("duplicate", "ohlc", "volume", "ohlc");
    }

    @Test
    void flagsAJumpWithoutDroppingItAndIgnoresTheOvernightGap() {
        Random random = new Random(7);
        List<Bar> bars = new ArrayList<>();
        Instant open = Instant.parse("2024-11-26T14:30:00Z");
        double price = 100;
        for (int i = 0; i < 120; i++) {
            price *= Math.exp(0.001 * random.nextGaussian());
            bars.add(bar(open.plusSeconds(60L * i).toString(), price));
        }
        bars.set(60, bar(open.plusSeconds(3600).toString(), bars.get(59).close() * 1.3));
        // The next day opens 20 % higher: a gap between sessions, not an intraday jump.
        Instant nextOpen = Instant.parse("2024-11-27T14:30:00Z");
        price *= 1.2;
        for (int i = 0; i < 60; i++) {
            price *= Math.exp(0.001 * random.nextGaussian());
            bars.add(bar(nextOpen.plusSeconds(60L * i).toString(), price));
        }

        BarValidator.Result result = validator.validate(bars);

        assertThat(result.valid()).hasSize(180);
        assertThat(result.valid()).filteredOn(Bar::priceJump).extracting(Bar::timestamp)
                .containsExactly(open.plusSeconds(3600), open.plusSeconds(3660));
        assertThat(result.jumps()).isEqualTo(2);
    }

    private static Bar bar(String t, double close) {
        return new Bar(1, "AAPL", Instant.parse(t), "1Min", close, close + 0.1, close - 0.1, close, 100, 1L, close, "t", false);
    }
}

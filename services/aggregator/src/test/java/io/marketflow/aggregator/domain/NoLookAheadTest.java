package io.marketflow.aggregator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.marketflow.calendar.MarketCalendar;

/**
 * The no-look-ahead property: for sampled minutes t, altering every record published after t (later bars' prices and
 * volumes, later articles and posts, macro vintages and fundamentals that became known later) leaves every feature of
 * the row at t unchanged. Only the target y1 may change.
 */
class NoLookAheadTest {

    private static final MarketCalendar CALENDAR = MarketCalendar.nyse();
    private final Random random = new Random(11);

    @Test
    void featuresAtTDoNotChangeWhenEveryRecordAfterTIsAltered() {
        FeatureCalculator calc = new FeatureCalculator(CALENDAR, false);
        List<MinuteBar> bars = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2025, 11, 24); !d.isAfter(LocalDate.of(2025, 11, 28)); d = d.plusDays(1)) {
            bars.addAll(FeatureCalculatorTest.day("AAPL", d, calc));
        }
        List<MacroVintage> macro = new ArrayList<>();
        List<Fundamentals> fundamentals = new ArrayList<>();
        List<SentimentItem> items = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            LocalDate start = LocalDate.of(2025, 11, 15).plusDays(random.nextInt(14));
            macro.add(new MacroVintage(PointInTimeContext.MACRO_ALIASES.get(i % 7), start.minusDays(random.nextInt(30)), start,
                    random.nextBoolean() ? null : start.plusDays(random.nextInt(5)), random.nextGaussian()));
            fundamentals.add(new Fundamentals("AAPL", "FY", 2020 + random.nextInt(6), start, start.minusDays(40 + random.nextInt(300)),
                    random.nextBoolean() ? null : FeatureCalculatorTest.ny(start, 9 + random.nextInt(7), random.nextInt(60)),
                    random.nextGaussian(), random.nextGaussian(), random.nextGaussian(), 1 + random.nextDouble(), random.nextGaussian(), 1.0));
        }
        Instant from = FeatureCalculatorTest.ny(LocalDate.of(2025, 11, 20), 0, 0);
        for (int i = 0; i < 400; i++) {
            Instant at = from.plusSeconds(random.nextInt(9 * 24 * 3600));
            String ticker = random.nextInt(3) == 0 ? SentimentItem.GENERAL : "AAPL";
            items.add(new SentimentItem(random.nextBoolean() ? SentimentItem.NEWS : SentimentItem.BLUESKY, "i" + i, ticker, at, random.nextDouble() * 2 - 1));
        }
        List<AggregatedRow> clean = calc.compute(List.of(), bars, null, new Indicators(), new PointInTimeContext(macro, fundamentals, items, 1));

        for (int sample = 0; sample < 25; sample++) {
            int index = random.nextInt(bars.size());
            Instant t = bars.get(index).minute();
            LocalDate day = CALENDAR.tradingDate(t);
            List<MinuteBar> altered = new ArrayList<>();
            for (MinuteBar b : bars) {
                altered.add(b.minute().isAfter(t) ? new MinuteBar(b.ticker(), b.minute(), b.open() * 3, b.high() * 3, b.low() * 3, b.close() * 3, b.volume() * 7) : b);
            }
            List<MacroVintage> laterMacro = new ArrayList<>();
            for (MacroVintage v : macro) {
                laterMacro.add(v.realtimeStart().isAfter(day) ? new MacroVintage(v.alias(), v.date().plusDays(400), v.realtimeStart(), v.realtimeEnd(), 1e6) : v);
            }
            laterMacro.add(new MacroVintage("cpi", day.plusDays(1), day.plusDays(1), null, -5.0));
            List<Fundamentals> laterFundamentals = new ArrayList<>();
            for (Fundamentals f : fundamentals) {
                boolean later = f.availableFrom().isAfter(day) || (f.acceptedAt() != null && f.acceptedAt().isAfter(t));
                laterFundamentals.add(later ? new Fundamentals(f.ticker(), f.period(), 2099, f.availableFrom(), LocalDate.of(2099, 1, 1),
                        f.acceptedAt(), 1e9, 1e9, 1e9, 1.0, 1e9, 1.0) : f);
            }
            List<SentimentItem> laterItems = new ArrayList<>();
            for (SentimentItem s : items) {
                laterItems.add(s.publishedAt().isAfter(t) ? new SentimentItem(s.kind(), s.id(), s.ticker(), s.publishedAt(), 1.0) : s);
            }
            laterItems.add(new SentimentItem(SentimentItem.NEWS, "late", "AAPL", t.plusNanos(1), -1.0));
            List<AggregatedRow> shifted = calc.compute(List.of(), altered, null, new Indicators(),
                    new PointInTimeContext(laterMacro, laterFundamentals, laterItems, 1));
            assertThat(shifted.get(index).features()).as("features at %s", t).isEqualTo(clean.get(index).features());
        }
    }

    @Test
    void theTargetIsTheOnlyColumnThatReadsTheNextMinute() {
        FeatureCalculator calc = new FeatureCalculator(CALENDAR, false);
        List<MinuteBar> bars = FeatureCalculatorTest.day("AAPL", LocalDate.of(2025, 11, 26), calc);
        List<AggregatedRow> clean = calc.compute(List.of(), bars, null, new Indicators(), PointInTimeContext.empty());
        List<MinuteBar> altered = new ArrayList<>(bars);
        MinuteBar next = bars.get(11);
        altered.set(11, new MinuteBar(next.ticker(), next.minute(), next.open(), next.high() + 5, next.low(), next.close() + 5, next.volume()));
        List<AggregatedRow> changed = calc.compute(List.of(), altered, null, new Indicators(), PointInTimeContext.empty());
        assertThat(changed.get(10).features()).isEqualTo(clean.get(10).features());
        assertThat(changed.get(10).y1()).isEqualTo(clean.get(10).y1() + 5);
        assertThat(Duration.between(bars.get(10).minute(), bars.get(11).minute())).isEqualTo(Duration.ofMinutes(1));
    }
}

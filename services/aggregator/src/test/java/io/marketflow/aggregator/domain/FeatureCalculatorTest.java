package io.marketflow.aggregator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.marketflow.calendar.MarketCalendar;

/**
 * Every column against hand-computed values on a fixture: Thanksgiving week 2025 (Wed 26 Nov full day, Thu 27
 * holiday, Fri 28 early close at 13:00), the DST switch of 2 Nov 2025 (Fri 31 Oct EDT, Mon 3 Nov EST), a GDP revision
 * and a late 10-K. Bar k of a day (k = 0 at 09:30) has open 100 + k, close 100.5 + k, high open + 1, low open − 1 and
 * volume 10 × (k + 1).
 */
class FeatureCalculatorTest {

    private static final MarketCalendar CALENDAR = MarketCalendar.nyse();
    private static final LocalDate WED = LocalDate.of(2025, 11, 26);
    private static final LocalDate FRI = LocalDate.of(2025, 11, 28);
    private static List<AggregatedRow> rows;

    static Instant ny(LocalDate day, int hour, int minute) {
        return ZonedDateTime.of(day, LocalTime.of(hour, minute), MarketCalendar.NEW_YORK).toInstant();
    }

    static List<MinuteBar> day(String ticker, LocalDate day, FeatureCalculator calc) {
        List<MinuteBar> bars = new ArrayList<>();
        Instant t = ny(day, 9, 30);
        for (int k = 0; k < 24 * 60; k++, t = t.plus(Duration.ofMinutes(1))) {
            if (calc.included(t)) {
                double open = 100 + bars.size();
                bars.add(new MinuteBar(ticker, t, open, open + 1, open - 1, open + 0.5, 10.0 * (bars.size() + 1)));
            }
        }
        return bars;
    }

    static PointInTimeContext context() {
        List<MacroVintage> macro = List.of(
                new MacroVintage("gdp_real", LocalDate.of(2025, 4, 1), LocalDate.of(2025, 7, 30), null, 2.0),
                // Q3 GDP: first estimate published 30 Oct, revised to 3.3 on 26 Nov (visible from 27 Nov with lag 1)
                new MacroVintage("gdp_real", LocalDate.of(2025, 7, 1), LocalDate.of(2025, 10, 30), LocalDate.of(2025, 11, 25), 3.0),
                new MacroVintage("gdp_real", LocalDate.of(2025, 7, 1), LocalDate.of(2025, 11, 26), LocalDate.of(2025, 12, 18), 3.3),
                // a later revision, published after every bar of the fixture: never visible in it
                new MacroVintage("gdp_real", LocalDate.of(2025, 7, 1), LocalDate.of(2025, 12, 19), null, 3.6),
                new MacroVintage("cpi", LocalDate.of(2025, 10, 1), LocalDate.of(2025, 11, 13), null, 320.0),
                new MacroVintage("ffr", LocalDate.of(2025, 11, 25), LocalDate.of(2025, 11, 26), null, 3.88),
                new MacroVintage("t10y", LocalDate.of(2025, 11, 25), LocalDate.of(2025, 11, 25), null, 4.0),
                new MacroVintage("t2y", LocalDate.of(2025, 11, 25), LocalDate.of(2025, 11, 25), null, 3.5),
                new MacroVintage("spread_10y_2y", LocalDate.of(2025, 11, 25), LocalDate.of(2025, 11, 25), null, 0.5),
                new MacroVintage("unemployment", LocalDate.of(2025, 10, 1), LocalDate.of(2025, 11, 7), null, 4.4),
                new MacroVintage("unemployment", LocalDate.of(2025, 11, 1), LocalDate.of(2025, 11, 20), null, null));
        List<Fundamentals> fundamentals = List.of(
                new Fundamentals("AAPL", "FY", 2023, LocalDate.of(2023, 11, 3), LocalDate.of(2023, 9, 30), null,
                        6.13, 99.0, 97.0, 383.0, 111.0, 62.0),
                // the late 10-K: filed Friday 28 Nov at 12:00 New York time
                new Fundamentals("AAPL", "FY", 2024, FRI, LocalDate.of(2024, 9, 28), ny(FRI, 12, 0),
                        6.08, 108.0, 93.7, 391.0, 106.6, 56.9),
                new Fundamentals("AAPL", "Q4", 2025, WED, LocalDate.of(2025, 9, 27), null, 1.85, 1.0, 1.0, 1.0, 1.0, 1.0));
        Instant wed10 = ny(WED, 10, 0);
        List<SentimentItem> sentiment = List.of(
                new SentimentItem(SentimentItem.NEWS, "n1", "AAPL", wed10.minus(Duration.ofDays(1)), 0.6),
                new SentimentItem(SentimentItem.NEWS, "n2", "AAPL", wed10.minus(Duration.ofDays(2)), -0.2),
                new SentimentItem(SentimentItem.NEWS, "n3", "AAPL", wed10.plusSeconds(1), -1.0),
                new SentimentItem(SentimentItem.BLUESKY, "b1", "AAPL", wed10.minus(Duration.ofHours(1)), 0.4),
                new SentimentItem(SentimentItem.BLUESKY, "b2", "AAPL", wed10.minus(Duration.ofHours(3)), -0.4),
                new SentimentItem(SentimentItem.BLUESKY, "g1", SentimentItem.GENERAL, wed10, 0.1));
        return new PointInTimeContext(macro, fundamentals, sentiment, 1);
    }

    @BeforeAll
    static void compute() {
        FeatureCalculator calc = new FeatureCalculator(CALENDAR, false);
        List<MinuteBar> bars = new ArrayList<>();
        bars.addAll(day("AAPL", WED, calc));
        bars.addAll(day("AAPL", LocalDate.of(2025, 11, 27), calc));
        bars.addAll(day("AAPL", FRI, calc));
        rows = calc.compute(List.of(), bars, null, new Indicators(), context());
    }

    static AggregatedRow at(Instant t) {
        return rows.stream().filter(r -> r.timestamp().equals(t)).findFirst().orElse(null);
    }

    @Test
    void makesOneRowPerRegularSessionMinuteSkippingTheHolidayAndTheEarlyCloseAfternoon() {
        assertThat(rows).hasSize(390 + 210);
        assertThat(at(ny(LocalDate.of(2025, 11, 27), 10, 0))).isNull();
        assertThat(at(ny(FRI, 12, 59))).isNotNull();
        assertThat(at(ny(FRI, 13, 0))).isNull();
        assertThat(at(ny(WED, 16, 0))).isNull();
    }

    @Test
    void holidayAndEarlyCloseAfternoonMinutesAreNotSessionMinutes() {
        // compute() takes included bars only (BarAggregator drops the others): the predicate is what keeps them out
        FeatureCalculator calc = new FeatureCalculator(CALENDAR, false);
        LocalDate thanksgiving = LocalDate.of(2025, 11, 27);
        assertThat(calc.included(ny(thanksgiving, 9, 30))).isFalse();
        assertThat(calc.included(ny(thanksgiving, 12, 0))).isFalse();
        assertThat(calc.included(ny(FRI, 9, 30))).isTrue();
        assertThat(calc.included(ny(FRI, 12, 59))).isTrue();
        assertThat(calc.included(ny(FRI, 13, 0))).isFalse();
        assertThat(calc.included(ny(FRI, 15, 59))).isFalse();
        assertThat(calc.included(ny(WED, 15, 59))).isTrue();
        assertThat(calc.included(ny(WED, 16, 0))).isFalse();
        assertThat(calc.included(ny(WED, 9, 29))).isFalse();
    }

    @Test
    void priceAndSizeWindowsAreHalfOpenOverBarOpens() {
        AggregatedRow first = at(ny(WED, 9, 30));
        assertThat(first.priceMean1min()).isEqualTo(100.0);
        assertThat(first.priceMean5min()).isEqualTo(100.0);
        assertThat(first.priceStd5min()).isEqualTo(0.0);
        assertThat(first.sizeTot30min()).isEqualTo(10.0);
        AggregatedRow second = at(ny(WED, 9, 31));
        assertThat(second.priceMean1min()).isEqualTo(101.0);
        assertThat(second.priceMean5min()).isEqualTo(100.5);
        assertThat(second.priceStd5min()).isEqualTo(0.5);
        assertThat(second.sizeTot1min()).isEqualTo(20.0);
        assertThat(second.sizeTot5min()).isEqualTo(30.0);
        AggregatedRow fifth = at(ny(WED, 9, 34));
        assertThat(fifth.priceMean5min()).isEqualTo(102.0);
        assertThat(fifth.priceStd5min()).isCloseTo(Math.sqrt(2.0), within(1e-12));
        assertThat(fifth.sizeTot5min()).isEqualTo(10.0 + 20 + 30 + 40 + 50);
        // 10:00 is bar 30: the 30-minute window holds bars 1..30 (opens 101..130), volumes 20..310
        AggregatedRow ten = at(ny(WED, 10, 0));
        assertThat(ten.priceMean30min()).isEqualTo(115.5);
        assertThat(ten.priceStd30min()).isCloseTo(Math.sqrt((30.0 * 30 - 1) / 12), within(1e-9));
        assertThat(ten.sizeTot30min()).isEqualTo(10.0 * (2 + 31) * 30 / 2);
        assertThat(ten.sizeTot1min()).isEqualTo(310.0);
        // Friday's first bar: Wednesday's bars are 2 days old and never in its windows
        AggregatedRow friday = at(ny(FRI, 9, 30));
        assertThat(friday.priceMean30min()).isEqualTo(100.0);
        assertThat(friday.sizeTot30min()).isEqualTo(10.0);
    }

    @Test
    void calendarColumnsFollowTheOriginalDefinitions() {
        AggregatedRow ten = at(ny(WED, 10, 0));
        assertThat(ten.minutesSinceOpen()).isEqualTo(30.0);
        assertThat(ten.dayOfWeek()).isEqualTo(2);
        assertThat(ten.dayOfMonth()).isEqualTo(26);
        assertThat(ten.weekOfYear()).isEqualTo(48);
        assertThat(ten.monthOfYear()).isEqualTo(11);
        assertThat(at(ny(WED, 15, 59)).minutesSinceOpen()).isEqualTo(389.0);
        // 19:00 New York on Wednesday is already Thursday in UTC: the original's day columns are UTC
        AggregatedRow last = at(ny(FRI, 12, 59));
        assertThat(last.dayOfWeek()).isEqualTo(4);
        assertThat(last.minutesSinceOpen()).isEqualTo(209.0);
    }

    @Test
    void spikeFlagsMarkTheFirstFiveAndLastFourMinutesOfEachSessionIncludingTheEarlyClose() {
        Function<Instant, Integer> open = t -> at(t).marketOpenSpikeFlag();
        Function<Instant, Integer> close = t -> at(t).marketCloseSpikeFlag();
        assertThat(open.apply(ny(WED, 9, 30))).isEqualTo(1);
        assertThat(open.apply(ny(WED, 9, 34))).isEqualTo(1);
        assertThat(open.apply(ny(WED, 9, 35))).isEqualTo(0);
        assertThat(close.apply(ny(WED, 15, 55))).isEqualTo(0);
        assertThat(close.apply(ny(WED, 15, 56))).isEqualTo(1);
        assertThat(close.apply(ny(WED, 15, 59))).isEqualTo(1);
        assertThat(close.apply(ny(FRI, 12, 55))).isEqualTo(0);
        assertThat(close.apply(ny(FRI, 12, 56))).isEqualTo(1);
        assertThat(close.apply(ny(FRI, 12, 59))).isEqualTo(1);
    }

    @Test
    void targetIsTheNextSessionMinutesCloseAndNullAtEachSessionsLastMinute() {
        assertThat(at(ny(WED, 9, 30)).y1()).isEqualTo(101.5);
        assertThat(at(ny(WED, 15, 58)).y1()).isEqualTo(100.5 + 389);
        assertThat(at(ny(WED, 15, 59)).y1()).isNull();
        assertThat(at(ny(FRI, 12, 59)).y1()).isNull();
    }

    @Test
    void macroIsTheVintageKnownTheDayBeforeSoTheGdpRevisionAppearsTheDayAfterItsRelease() {
        AggregatedRow wed = at(ny(WED, 10, 0));
        assertThat(wed.gdpReal()).isEqualTo(3.0);
        assertThat(at(ny(FRI, 10, 0)).gdpReal()).isEqualTo(3.3);
        assertThat(rows).as("the revision of 19 Dec").noneMatch(r -> Double.valueOf(3.6).equals(r.gdpReal()));
        assertThat(wed.cpi()).isEqualTo(320.0);
        assertThat(wed.ffr()).as("published on the day itself: not yet").isNull();
        assertThat(at(ny(FRI, 10, 0)).ffr()).isEqualTo(3.88);
        assertThat(wed.t10y()).isEqualTo(4.0);
        assertThat(wed.t2y()).isEqualTo(3.5);
        assertThat(wed.spread10y2y()).isEqualTo(0.5);
        assertThat(wed.unemployment()).as("a missing newer value does not hide the last one").isEqualTo(4.4);
    }

    @Test
    void fundamentalsAreTheAnnualStatementsPublicAtTheBarsTimeSoTheLate10kAppearsAtItsAcceptance() {
        AggregatedRow wed = at(ny(WED, 10, 0));
        assertThat(wed.eps()).isEqualTo(6.13);
        assertThat(wed.freeCashFlow()).isEqualTo(99.0);
        assertThat(wed.profitMargin()).isEqualTo(97.0 / 383.0);
        assertThat(wed.debtToEquity()).isEqualTo(111.0 / 62.0);
        assertThat(at(ny(FRI, 11, 59)).eps()).isEqualTo(6.13);
        assertThat(at(ny(FRI, 12, 0)).eps()).isEqualTo(6.08);
        assertThat(at(ny(FRI, 12, 0)).profitMargin()).isEqualTo(93.7 / 391.0);
    }

    @Test
    void sentimentIsTheMeanOverClosedWindowsEndingAtTheBarAndNullWithoutData() {
        AggregatedRow ten = at(ny(WED, 10, 0));
        assertThat(ten.sentimentNewsMean1day()).isEqualTo(0.6);
        assertThat(ten.sentimentNewsMean3days()).isCloseTo(0.2, within(1e-12));
        assertThat(ten.sentimentBlueskyMean2hours()).isEqualTo(0.4);
        assertThat(ten.sentimentBlueskyMean1day()).isCloseTo(0.0, within(1e-12));
        assertThat(ten.sentimentGeneralBlueskyMean2hours()).isEqualTo(0.1);
        assertThat(at(ny(WED, 9, 59)).sentimentGeneralBlueskyMean1day()).isNull();
        // at 10:01 n1 (published exactly 1 day before 10:00) has left the window and n3 (10:00:01) has entered it
        assertThat(at(ny(WED, 10, 1)).sentimentNewsMean1day()).isEqualTo(-1.0);
    }

    @Test
    void indicatorsRunOverTheContinuousSeriesAcrossSessions() {
        assertThat(at(ny(WED, 9, 48)).sma20()).isNull();
        assertThat(at(ny(WED, 9, 49)).sma20()).isEqualTo(100.5 + 9.5);
        AggregatedRow friday = at(ny(FRI, 9, 30));
        // Friday's first bar follows Wednesday's last 19 closes (100.5+371 .. 100.5+389) and its own 100.5
        double expected = (100.5 * 20 + (371 + 389) * 19 / 2.0) / 20;
        assertThat(friday.sma20()).isCloseTo(expected, within(1e-9));
        assertThat(friday.rsi14()).isNotNull();
        assertThat(friday.atr14()).isNotNull();
    }

    @Test
    void dstSwitchKeepsTheOpenAtNineThirtyNewYork() {
        FeatureCalculator calc = new FeatureCalculator(CALENDAR, false);
        assertThat(calc.included(Instant.parse("2025-10-31T13:30:00Z"))).isTrue();
        assertThat(calc.included(Instant.parse("2025-11-03T13:30:00Z"))).isFalse();
        assertThat(calc.included(Instant.parse("2025-11-03T14:30:00Z"))).isTrue();
        List<MinuteBar> bars = new ArrayList<>(day("AAPL", LocalDate.of(2025, 10, 31), calc));
        bars.addAll(day("AAPL", LocalDate.of(2025, 11, 3), calc));
        List<AggregatedRow> out = calc.compute(List.of(), bars, null, new Indicators(), PointInTimeContext.empty());
        Map<Instant, AggregatedRow> byTime = new java.util.HashMap<>();
        out.forEach(r -> byTime.put(r.timestamp(), r));
        assertThat(byTime.get(Instant.parse("2025-10-31T13:30:00Z")).minutesSinceOpen()).isEqualTo(0.0);
        assertThat(byTime.get(Instant.parse("2025-11-03T14:30:00Z")).minutesSinceOpen()).isEqualTo(0.0);
        assertThat(byTime.get(Instant.parse("2025-11-03T14:30:00Z")).marketOpenSpikeFlag()).isEqualTo(1);
        assertThat(byTime.get(Instant.parse("2025-11-03T20:59:00Z")).marketCloseSpikeFlag()).isEqualTo(1);
        assertThat(byTime.get(Instant.parse("2025-11-03T14:30:00Z")).eps()).isNull();
        assertThat(byTime.get(Instant.parse("2025-11-03T14:30:00Z")).sentimentNewsMean1day()).isNull();
    }
}

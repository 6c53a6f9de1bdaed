package io.marketflow.sink.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.marketflow.calendar.MarketCalendar;

/** The remembered dates are MarketCalendar's (LocalDate.ofInstant's), for instants in any order and in any zone. */
class TradingDatesTest {

    private static final MarketCalendar NYSE = MarketCalendar.nyse();

    @Test
    void givesTheNewYorkTradingDateOfEverySecondAroundDstChangesAndMidnight() {
        TradingDates dates = new TradingDates(NYSE.zone());
        List<Instant> instants = new ArrayList<>();
        for (ZoneOffsetTransition transition : transitions(NYSE.zone(), 2024, 2028)) {
            // The whole New York day of the change and the next midnight; second by second near the change.
            Instant change = transition.getInstant();
            for (long s = -10 * 3_600; s < 26 * 3_600; s += Math.abs(s) < 3 * 3_600 ? 1 : 13) {
                instants.add(change.plusSeconds(s));
            }
        }
        // Midnight New York in winter (05:00Z) and summer (04:00Z), a nanosecond either side; and New Year's Eve.
        for (String text : List.of("2026-11-20T04:59:59.999999999Z", "2026-11-20T05:00:00Z", "2026-07-02T03:59:59.999999999Z",
                "2026-07-02T04:00:00Z", "2027-01-01T04:59:59.999999999Z", "2027-01-01T05:00:00Z", "2026-12-31T23:59:59Z")) {
            instants.add(Instant.parse(text));
        }
        for (Instant instant : instants) {
            TradingDates.Day day = dates.of(instant);
            assertThat(day.date()).as("%s", instant).isEqualTo(NYSE.tradingDate(instant));
            assertThat(day.year()).isEqualTo(NYSE.tradingDate(instant).getYear());
        }
        assertThat(dates.of(Instant.parse("2027-01-01T04:59:59Z")).year()).isEqualTo(2026);
    }

    @Test
    void givesTheDateOfInstantsInAnyOrder() {
        TradingDates dates = new TradingDates(NYSE.zone());
        Random random = new Random(3);
        List<Instant> instants = new ArrayList<>();
        long from = Instant.parse("1890-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2250-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochSecond(from + (long) (random.nextDouble() * (to - from)), random.nextInt(1_000_000_000));
            // Runs of nearby instants, as trades come, between jumps.
            for (int k = 0; k < 5; k++) {
                instants.add(instant.plusSeconds(random.nextInt(7_200) - 3_600));
            }
        }
        Collections.shuffle(instants.subList(0, instants.size() / 2), random);
        for (Instant instant : instants) {
            assertThat(dates.of(instant).date()).as("%s", instant).isEqualTo(NYSE.tradingDate(instant));
        }
    }

    @Test
    void isExactInZonesWhoseChangesCrossMidnight() {
        // São Paulo moved its clocks at midnight (a day starting at 01:00, a local date repeated); Apia skipped
        // 30 December 2011; Lord Howe moves by half an hour; Kolkata and UTC never change.
        for (String zone : List.of("America/Sao_Paulo", "Pacific/Apia", "Australia/Lord_Howe", "America/Havana", "Asia/Kolkata", "UTC",
                "Europe/London")) {
            ZoneId id = ZoneId.of(zone);
            TradingDates dates = new TradingDates(id);
            List<ZoneOffsetTransition> transitions = transitions(id, 2008, 2020);
            List<Instant> instants = new ArrayList<>();
            for (ZoneOffsetTransition transition : transitions) {
                for (long s = -26 * 3_600; s < 26 * 3_600; s += 7) {
                    instants.add(transition.getInstant().plusSeconds(s));
                }
            }
            for (Instant at = Instant.parse("2011-01-01T00:00:00Z"); at.isBefore(Instant.parse("2012-06-01T00:00:00Z")); at = at.plus(
                    Duration.ofMinutes(17))) {
                instants.add(at);
            }
            for (Instant instant : instants) {
                assertThat(dates.of(instant).date()).as("%s in %s", instant, zone).isEqualTo(LocalDate.ofInstant(instant, id));
            }
        }
    }

    @Test
    void remembersOnlyTheSecondsWithTheOffsetOfTheInstantAskedAbout() {
        // Asked first exactly at a change, then about the seconds before or after it; or first before it, then at it.
        // St. John's moved its clocks back at 00:01 until 2011: the date at the change is the day before's.
        for (String zone : List.of("America/New_York", "America/St_Johns", "America/Sao_Paulo", "Pacific/Apia", "Australia/Lord_Howe")) {
            ZoneId id = ZoneId.of(zone);
            for (ZoneOffsetTransition transition : transitions(id, 2009, 2028)) {
                for (long[] run : new long[][] {{0, -26 * 3_600, -1}, {0, 26 * 3_600, 1}, {-2 * 3_600, 2 * 3_600, 1}}) {
                    TradingDates dates = new TradingDates(id);
                    for (long s = run[0]; run[2] > 0 ? s < run[1] : s > run[1]; s += run[2] * (Math.abs(s) < 2 * 3_600 ? 1 : 9)) {
                        Instant instant = transition.getInstant().plusSeconds(s);
                        assertThat(dates.of(instant).date()).as("%s in %s", instant, zone).isEqualTo(LocalDate.ofInstant(instant, id));
                    }
                }
            }
        }
    }

    @Test
    void sharesOneDateAndYearForTheRowsOfADay() {
        TradingDates dates = new TradingDates(NYSE.zone());
        TradingDates.Day open = dates.of(Instant.parse("2026-11-20T14:30:00Z"));
        TradingDates.Day close = dates.of(Instant.parse("2026-11-20T21:00:00.5Z"));
        assertThat(close.date()).isSameAs(open.date()).isEqualTo(LocalDate.of(2026, 11, 20));
        assertThat(close.year()).isSameAs(open.year()).isEqualTo(2026);
        assertThat(dates.of(Instant.parse("2026-11-21T05:00:00Z")).date()).isEqualTo(LocalDate.of(2026, 11, 21));
    }

    @Test
    void worksInAZoneThatNeverChanges() {
        TradingDates dates = new TradingDates(ZoneOffset.ofHours(-5));
        assertThat(dates.of(Instant.parse("2026-11-20T04:59:59Z")).date()).isEqualTo(LocalDate.of(2026, 11, 19));
        assertThat(dates.of(Instant.parse("2026-11-20T05:00:00Z")).date()).isEqualTo(LocalDate.of(2026, 11, 20));
    }

    private static List<ZoneOffsetTransition> transitions(ZoneId zone, int fromYear, int toYear) {
        List<ZoneOffsetTransition> transitions = new ArrayList<>();
        Instant at = LocalDate.of(fromYear, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = LocalDate.of(toYear, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
        ZoneOffsetTransition next;
        while ((next = zone.getRules().nextTransition(at)) != null && next.getInstant().isBefore(end)) {
            transitions.add(next);
            at = next.getInstant();
        }
        return transitions;
    }
}

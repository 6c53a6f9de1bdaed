package io.marketflow.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Checks every date of 2025-2027 against the NYSE-published calendar in the reference fixture. */
class FixtureAgreementTest {

    private static final LocalDate FIRST = LocalDate.of(2025, 1, 1);
    private static final LocalDate LAST = LocalDate.of(2027, 12, 31);

    private static JsonNode fixture;
    private static Map<LocalDate, String> closures;
    private static TreeSet<LocalDate> earlyCloses;

    private final MarketCalendar calendar = MarketCalendar.nyse();

    @BeforeAll
    static void readFixture() throws IOException {
        try (InputStream in = FixtureAgreementTest.class.getResourceAsStream("/nyse_calendar_2025_2027.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
        closures = new LinkedHashMap<>();
        fixture.get("full_closures").forEach(year -> year.forEach(
                entry -> closures.put(LocalDate.parse(entry.get(0).asText()), entry.get(1).asText())));
        earlyCloses = new TreeSet<>();
        fixture.get("early_closes_13_00").forEach(year -> year.forEach(d -> earlyCloses.add(LocalDate.parse(d.asText()))));
    }

    @Test
    void fixtureDescribesTheSameSessionTimes() {
        assertEquals("America/New_York", fixture.get("timezone").asText());
        assertEquals(MarketCalendar.NEW_YORK, calendar.zone());
        assertEquals("09:30", fixture.at("/regular_session/open").asText());
        assertEquals("16:00", fixture.at("/regular_session/close").asText());
        assertEquals("13:00", fixture.get("early_close_time").asText());
        // Guards against a silently truncated fixture: 3 years of closures and early closes.
        assertEquals(31, closures.size());
        assertEquals(6, earlyCloses.size());
    }

    @Test
    void fullClosuresAreExactlyTheFixtures() {
        List<LocalDate> closed = new ArrayList<>();
        for (LocalDate d = FIRST; !d.isAfter(LAST); d = d.plusDays(1)) {
            if (isWeekday(d) && !calendar.isTradingDay(d)) {
                closed.add(d);
            }
        }
        assertEquals(List.copyOf(closures.keySet()), closed);
    }

    @Test
    void closureNamesMatchTheFixture() {
        closures.forEach((date, name) -> {
            // The fixture annotates unscheduled closures; the library's name is the announcement's name alone.
            String expected = name.replace(" - unscheduled", "");
            assertEquals(Optional.of(expected), calendar.holidayName(date), date.toString());
        });
    }

    @Test
    void closuresByYearListTheFixtureDates() {
        for (int year = 2025; year <= 2027; year++) {
            int y = year;
            List<LocalDate> expected = closures.keySet().stream().filter(d -> d.getYear() == y).toList();
            assertEquals(expected, calendar.closures(year).stream().map(Holiday::date).toList(), "year " + year);
        }
    }

    @Test
    void earlyClosesAreExactlyTheFixtures() {
        List<LocalDate> early = calendar.sessionsBetween(FIRST, LAST).stream()
                .filter(TradingSession::earlyClose)
                .map(TradingSession::date)
                .toList();
        assertEquals(List.copyOf(earlyCloses), early);
    }

    @Test
    void everyOtherWeekdayIsAFullSessionAndWeekendsNeverTrade() {
        int fullDays = 0;
        for (LocalDate d = FIRST; !d.isAfter(LAST); d = d.plusDays(1)) {
            if (!isWeekday(d)) {
                assertFalse(calendar.isTradingDay(d), d.toString());
                assertTrue(calendar.session(d).isEmpty(), d.toString());
                assertTrue(calendar.holidayName(d).isEmpty(), d.toString());
                continue;
            }
            if (closures.containsKey(d)) {
                assertTrue(calendar.session(d).isEmpty(), d.toString());
                continue;
            }
            TradingSession session = calendar.session(d).orElseThrow();
            LocalTime expectedClose = earlyCloses.contains(d) ? LocalTime.of(13, 0) : LocalTime.of(16, 0);
            assertEquals(d, session.date());
            assertEquals(LocalTime.of(9, 30), session.open().toLocalTime(), d.toString());
            assertEquals(expectedClose, session.close().toLocalTime(), d.toString());
            assertEquals(MarketCalendar.NEW_YORK, session.open().getZone());
            assertEquals(earlyCloses.contains(d), session.earlyClose(), d.toString());
            assertTrue(calendar.holidayName(d).isEmpty(), d.toString());
            if (!earlyCloses.contains(d)) {
                fullDays++;
            }
        }
        // 2025-2027 hold 783 weekdays; minus 31 closures and 6 early closes.
        assertEquals(783 - 31 - 6, fullDays);
    }

    @Test
    void notesOfTheFixtureHold() {
        assertTrue(calendar.isTradingDay(LocalDate.of(2027, 12, 31)));
        assertFalse(calendar.session(LocalDate.of(2027, 12, 31)).orElseThrow().earlyClose());
        assertFalse(calendar.session(LocalDate.of(2026, 7, 2)).orElseThrow().earlyClose());
    }

    private static boolean isWeekday(LocalDate d) {
        return d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY;
    }
}

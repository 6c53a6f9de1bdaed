package io.marketflow.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Session instants across DST changes, open/closed tests at the boundaries, and the next-boundary searches. */
class SessionTimesTest {

    private final MarketCalendar calendar = MarketCalendar.nyse();

    @Test
    void sessionsAroundTheMarchChangeMoveOneHourEarlierInUtc() {
        // DST starts Sunday 2026-03-08: Friday is EST (UTC-5), Monday is EDT (UTC-4).
        assertSession("2026-03-06", "2026-03-06T14:30:00Z", "2026-03-06T21:00:00Z");
        assertSession("2026-03-09", "2026-03-09T13:30:00Z", "2026-03-09T20:00:00Z");
        assertSession("2025-03-07", "2025-03-07T14:30:00Z", "2025-03-07T21:00:00Z");
        assertSession("2025-03-10", "2025-03-10T13:30:00Z", "2025-03-10T20:00:00Z");
    }

    @Test
    void sessionsAroundTheNovemberChangeMoveOneHourLaterInUtc() {
        // DST ends Sunday 2026-11-01.
        assertSession("2026-10-30", "2026-10-30T13:30:00Z", "2026-10-30T20:00:00Z");
        assertSession("2026-11-02", "2026-11-02T14:30:00Z", "2026-11-02T21:00:00Z");
    }

    @Test
    void earlyClosesAreAt1300NewYorkInEitherOffset() {
        TradingSession july = calendar.session(LocalDate.of(2025, 7, 3)).orElseThrow();
        assertEquals(Instant.parse("2025-07-03T17:00:00Z"), july.closeInstant());
        TradingSession november = calendar.session(LocalDate.of(2025, 11, 28)).orElseThrow();
        assertEquals(Instant.parse("2025-11-28T18:00:00Z"), november.closeInstant());
        assertTrue(november.earlyClose());
        assertEquals(Duration.ofMinutes(210), november.duration());
    }

    @Test
    void fullSessionsLastSixAndAHalfHoursEvenNextToADstChange() {
        assertEquals(Duration.ofMinutes(390), calendar.session(LocalDate.of(2026, 3, 9)).orElseThrow().duration());
        assertEquals(Duration.ofMinutes(390), calendar.session(LocalDate.of(2026, 11, 2)).orElseThrow().duration());
    }

    @Test
    void isOpenIncludesTheOpenAndExcludesTheClose() {
        assertFalse(calendar.isOpen(Instant.parse("2026-03-09T13:29:59.999Z")));
        assertTrue(calendar.isOpen(Instant.parse("2026-03-09T13:30:00Z")));
        assertTrue(calendar.isOpen(Instant.parse("2026-03-09T19:59:59.999Z")));
        assertFalse(calendar.isOpen(Instant.parse("2026-03-09T20:00:00Z")));

        assertFalse(calendar.isOpen(Instant.parse("2026-11-02T14:29:59Z")));
        assertTrue(calendar.isOpen(Instant.parse("2026-11-02T14:30:00Z")));
        assertTrue(calendar.isOpen(Instant.parse("2026-11-02T20:59:59Z")));
        assertFalse(calendar.isOpen(Instant.parse("2026-11-02T21:00:00Z")));
    }

    @Test
    void isOpenIsFalseAfterAnEarlyCloseAndOnClosedDays() {
        assertTrue(calendar.isOpen(Instant.parse("2025-12-24T17:59:59Z")));
        assertFalse(calendar.isOpen(Instant.parse("2025-12-24T18:00:00Z")));
        assertFalse(calendar.isOpen(Instant.parse("2025-12-25T16:00:00Z")));
        assertFalse(calendar.isOpen(Instant.parse("2026-03-07T16:00:00Z")));
        assertFalse(calendar.isOpen(Instant.parse("2025-01-09T16:00:00Z")));
    }

    @Test
    void sessionAtReturnsTheSessionInProgressOnly() {
        TradingSession session = calendar.sessionAt(Instant.parse("2025-12-24T15:00:00Z")).orElseThrow();
        assertEquals(LocalDate.of(2025, 12, 24), session.date());
        assertTrue(session.earlyClose());
        assertTrue(calendar.sessionAt(Instant.parse("2025-12-24T18:00:00Z")).isEmpty());
        assertTrue(calendar.sessionAt(Instant.parse("2025-12-24T14:00:00Z")).isEmpty());
    }

    @Test
    void nextOpenFromFridayEveningIsMondayAcrossTheDstChange() {
        assertEquals(Instant.parse("2026-03-09T13:30:00Z"), calendar.nextOpen(Instant.parse("2026-03-06T22:00:00Z")));
        assertEquals(Instant.parse("2026-11-02T14:30:00Z"), calendar.nextOpen(Instant.parse("2026-10-30T21:00:00Z")));
    }

    @Test
    void nextOpenSkipsWeekendsAndHolidays() {
        // Saturday before MLK Day: the next session is Tuesday.
        assertEquals(Instant.parse("2026-01-20T14:30:00Z"), calendar.nextOpen(Instant.parse("2026-01-17T12:00:00Z")));
        // During the observed Independence Day and from the evening before it.
        assertEquals(Instant.parse("2026-07-06T13:30:00Z"), calendar.nextOpen(Instant.parse("2026-07-03T15:00:00Z")));
        assertEquals(Instant.parse("2026-07-06T13:30:00Z"), calendar.nextOpen(Instant.parse("2026-07-02T20:00:00Z")));
        // Thanksgiving, then the day after (an early close).
        assertEquals(Instant.parse("2025-11-28T14:30:00Z"), calendar.nextOpen(Instant.parse("2025-11-27T15:00:00Z")));
        // The Carter closure on Thursday 2025-01-09.
        assertEquals(Instant.parse("2025-01-10T14:30:00Z"), calendar.nextOpen(Instant.parse("2025-01-08T21:00:00Z")));
    }

    @Test
    void nextOpenOnSameDayBeforeTheOpenAndNextDayFromTheOpenOn() {
        assertEquals(Instant.parse("2026-03-09T13:30:00Z"), calendar.nextOpen(Instant.parse("2026-03-09T04:00:00Z")));
        // "Next" is strict: at the open instant itself the next open is tomorrow's.
        assertEquals(Instant.parse("2026-03-10T13:30:00Z"), calendar.nextOpen(Instant.parse("2026-03-09T13:30:00Z")));
        assertEquals(Instant.parse("2026-03-10T13:30:00Z"), calendar.nextOpen(Instant.parse("2026-03-09T15:00:00Z")));
    }

    @Test
    void nextCloseIsTheCurrentSessionsCloseWhileOpen() {
        assertEquals(Instant.parse("2026-03-09T20:00:00Z"), calendar.nextClose(Instant.parse("2026-03-09T13:30:00Z")));
        assertEquals(Instant.parse("2025-11-28T18:00:00Z"), calendar.nextClose(Instant.parse("2025-11-27T15:00:00Z")));
        // At the close instant the market is already closed, so the next close is the next session's.
        assertEquals(Instant.parse("2026-03-10T20:00:00Z"), calendar.nextClose(Instant.parse("2026-03-09T20:00:00Z")));
        assertEquals(Instant.parse("2026-03-09T20:00:00Z"), calendar.nextClose(Instant.parse("2026-03-06T21:00:00Z")));
    }

    @Test
    void nextBoundaryAlternatesBetweenOpenAndClose() {
        Instant t = Instant.parse("2025-12-23T22:00:00Z");
        List<String> expected = List.of("2025-12-24T14:30:00Z", "2025-12-24T18:00:00Z", "2025-12-26T14:30:00Z",
                "2025-12-26T21:00:00Z");
        for (String boundary : expected) {
            t = calendar.nextBoundary(t);
            assertEquals(Instant.parse(boundary), t);
        }
    }

    @Test
    void tradingDateIsTheNewYorkCalendarDate() {
        // 03:00Z is still the previous evening in New York in both EDT and EST.
        assertEquals(LocalDate.of(2026, 3, 9), calendar.tradingDate(Instant.parse("2026-03-10T03:00:00Z")));
        assertEquals(LocalDate.of(2026, 1, 14), calendar.tradingDate(Instant.parse("2026-01-15T03:00:00Z")));
        assertEquals(LocalDate.of(2026, 1, 15), calendar.tradingDate(Instant.parse("2026-01-15T05:00:00Z")));
        assertEquals(LocalDate.of(2026, 7, 15), calendar.tradingDate(Instant.parse("2026-07-15T04:00:00Z")));
        assertEquals(LocalDate.of(2026, 7, 14), calendar.tradingDate(Instant.parse("2026-07-15T03:59:59Z")));
    }

    @Test
    void sessionsBetweenListsTradingDaysOnlyInclusive() {
        List<LocalDate> dates = calendar.sessionsBetween(LocalDate.of(2025, 12, 22), LocalDate.of(2026, 1, 2)).stream()
                .map(TradingSession::date)
                .toList();
        assertEquals(List.of(LocalDate.of(2025, 12, 22), LocalDate.of(2025, 12, 23), LocalDate.of(2025, 12, 24),
                LocalDate.of(2025, 12, 26), LocalDate.of(2025, 12, 29), LocalDate.of(2025, 12, 30),
                LocalDate.of(2025, 12, 31), LocalDate.of(2026, 1, 2)), dates);
        assertTrue(calendar.sessionsBetween(LocalDate.of(2026, 3, 7), LocalDate.of(2026, 3, 8)).isEmpty());
        assertEquals(1, calendar.sessionsBetween(LocalDate.of(2026, 3, 9), LocalDate.of(2026, 3, 9)).size());
        assertThrows(IllegalArgumentException.class,
                () -> calendar.sessionsBetween(LocalDate.of(2026, 3, 10), LocalDate.of(2026, 3, 9)));
    }

    @Test
    void nextAndPreviousTradingDaySkipClosures() {
        assertEquals(LocalDate.of(2025, 12, 26), calendar.nextTradingDay(LocalDate.of(2025, 12, 24)));
        assertEquals(LocalDate.of(2025, 12, 31), calendar.previousTradingDay(LocalDate.of(2026, 1, 2)));
        assertEquals(LocalDate.of(2025, 1, 8), calendar.previousTradingDay(LocalDate.of(2025, 1, 10)));
        assertEquals(LocalDate.of(2001, 9, 17), calendar.nextTradingDay(LocalDate.of(2001, 9, 10)));
    }

    @Test
    void sessionRejectsAnEmptyOrMisdatedInterval() {
        TradingSession s = calendar.session(LocalDate.of(2026, 3, 9)).orElseThrow();
        assertThrows(IllegalArgumentException.class, () -> new TradingSession(s.date(), s.close(), s.open(), false));
        assertThrows(IllegalArgumentException.class,
                () -> new TradingSession(s.date().plusDays(1), s.open(), s.close(), false));
    }

    private void assertSession(String date, String open, String close) {
        TradingSession session = calendar.session(LocalDate.parse(date)).orElseThrow();
        assertEquals(Instant.parse(open), session.openInstant(), date + " open");
        assertEquals(Instant.parse(close), session.closeInstant(), date + " close");
        assertEquals(Instant.parse(open), session.open().toInstant());
        assertFalse(session.earlyClose());
    }
}

package io.marketflow.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The holiday and early-close rules in years outside the fixture, and the special-closure list. */
class HolidayRulesTest {

    private final MarketCalendar calendar = MarketCalendar.nyse();

    @Test
    void closures2028FollowTheRules() {
        // New Year's Day 2028 is a Saturday and is not observed, so 2028 has only nine holidays.
        assertEquals(List.of(
                        LocalDate.of(2028, 1, 17), LocalDate.of(2028, 2, 21), LocalDate.of(2028, 4, 14),
                        LocalDate.of(2028, 5, 29), LocalDate.of(2028, 6, 19), LocalDate.of(2028, 7, 4),
                        LocalDate.of(2028, 9, 4), LocalDate.of(2028, 11, 23), LocalDate.of(2028, 12, 25)),
                calendar.closures(2028).stream().map(Holiday::date).toList());
        assertEquals(Optional.of("Juneteenth"), calendar.holidayName(LocalDate.of(2028, 6, 19)));
        assertEquals(Optional.of("Christmas Day"), calendar.holidayName(LocalDate.of(2028, 12, 25)));
    }

    @Test
    void saturdayNewYearIsNotObservedOnTheFridayBefore() {
        assertTrue(calendar.isTradingDay(LocalDate.of(2027, 12, 31)));
        assertTrue(calendar.isTradingDay(LocalDate.of(2021, 12, 31)));
        assertTrue(calendar.isTradingDay(LocalDate.of(2010, 12, 31)));
        assertTrue(calendar.isTradingDay(LocalDate.of(2028, 1, 3)));
    }

    @Test
    void sundayHolidaysMoveToMondayAndSaturdayOnesToFriday() {
        assertEquals(Optional.of("New Year's Day (observed)"), calendar.holidayName(LocalDate.of(2023, 1, 2)));
        assertEquals(Optional.of("Juneteenth (observed)"), calendar.holidayName(LocalDate.of(2022, 6, 20)));
        assertEquals(Optional.of("Christmas Day (observed)"), calendar.holidayName(LocalDate.of(2022, 12, 26)));
        assertEquals(Optional.of("Christmas Day (observed)"), calendar.holidayName(LocalDate.of(2021, 12, 24)));
        assertEquals(Optional.of("Independence Day (observed)"), calendar.holidayName(LocalDate.of(2021, 7, 5)));
        assertEquals(Optional.of("Independence Day (observed)"), calendar.holidayName(LocalDate.of(2020, 7, 3)));
        assertEquals(Optional.of("Juneteenth (observed)"), calendar.holidayName(LocalDate.of(2032, 6, 18)));
    }

    @Test
    void juneteenthIsAHolidayOnlyFrom2022() {
        assertTrue(calendar.isTradingDay(LocalDate.of(2021, 6, 18)));
        assertFalse(calendar.isTradingDay(LocalDate.of(2022, 6, 20)));
        assertFalse(calendar.isTradingDay(LocalDate.of(2023, 6, 19)));
    }

    @Test
    void goodFridayFollowsEaster() {
        assertEquals(Optional.of("Good Friday"), calendar.holidayName(LocalDate.of(2030, 4, 19)));
        assertEquals(Optional.of("Good Friday"), calendar.holidayName(LocalDate.of(2033, 4, 15)));
        assertEquals(Optional.of("Good Friday"), calendar.holidayName(LocalDate.of(2024, 3, 29)));
        assertEquals(Optional.of("Good Friday"), calendar.holidayName(LocalDate.of(2038, 4, 23)));
    }

    @Test
    void easterMatchesKnownDatesIncludingTheExtremes() {
        assertEquals(LocalDate.of(2000, 4, 23), Easter.sunday(2000));
        assertEquals(LocalDate.of(2008, 3, 23), Easter.sunday(2008));
        assertEquals(LocalDate.of(2024, 3, 31), Easter.sunday(2024));
        assertEquals(LocalDate.of(2038, 4, 25), Easter.sunday(2038));
        assertEquals(LocalDate.of(2100, 3, 28), Easter.sunday(2100));
        assertEquals(LocalDate.of(2285, 3, 22), Easter.sunday(2285));
    }

    @Test
    void earlyClosesOutsideTheFixtureFollowTheRules() {
        assertEarly(LocalDate.of(2028, 7, 3));
        assertEarly(LocalDate.of(2028, 11, 24));
        assertEarly(LocalDate.of(2024, 7, 3));
        assertEarly(LocalDate.of(2024, 12, 24));
        assertEarly(LocalDate.of(2023, 7, 3));
        // July 4 on a Monday (2022) or Sunday (2021): the eve is a weekend or the observed holiday, and the Friday is full.
        assertFull(LocalDate.of(2022, 7, 1));
        assertFull(LocalDate.of(2021, 7, 2));
        // Dec 24 on a Sunday (2023, 2028): no early close on the Friday before.
        assertFull(LocalDate.of(2023, 12, 22));
        assertFull(LocalDate.of(2028, 12, 22));
    }

    @Test
    void everyRuleYearHasWeekdayClosuresAndTheExpectedCounts() {
        for (int year = 2022; year <= 2100; year++) {
            // Scheduled holidays only: special closures (2025-01-09) would change the count.
            List<Holiday> holidays = NyseHolidayRules.holidays(year);
            boolean saturdayNewYear = LocalDate.of(year, 1, 1).getDayOfWeek() == DayOfWeek.SATURDAY;
            assertEquals(saturdayNewYear ? 9 : 10, holidays.size(), "holidays in " + year);
            holidays.forEach(h -> {
                assertFalse(h.date().getDayOfWeek() == DayOfWeek.SATURDAY || h.date().getDayOfWeek() == DayOfWeek.SUNDAY,
                        h.toString());
                assertFalse(calendar.isTradingDay(h.date()), h.toString());
            });
            long early = calendar.sessionsBetween(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31)).stream()
                    .filter(TradingSession::earlyClose)
                    .count();
            // The day after Thanksgiving always; July 3 and Dec 24 only when they fall Monday to Thursday.
            long expected = 1 + monToThu(LocalDate.of(year, Month.JULY, 3)) + monToThu(LocalDate.of(year, Month.DECEMBER, 24));
            assertEquals(expected, early, "early closes in " + year);
        }
    }

    @Test
    void specialClosuresAreClosedAndNamed() {
        List<LocalDate> specials = List.of(
                LocalDate.of(2001, 9, 11), LocalDate.of(2001, 9, 12), LocalDate.of(2001, 9, 13), LocalDate.of(2001, 9, 14),
                LocalDate.of(2004, 6, 11), LocalDate.of(2007, 1, 2), LocalDate.of(2012, 10, 29), LocalDate.of(2012, 10, 30),
                LocalDate.of(2018, 12, 5), LocalDate.of(2025, 1, 9));
        assertEquals(specials, SpecialClosures.NYSE.stream().map(Holiday::date).toList());
        specials.forEach(d -> {
            assertFalse(calendar.isTradingDay(d), d.toString());
            assertTrue(calendar.holidayName(d).isPresent(), d.toString());
            assertTrue(calendar.closures(d.getYear()).stream().anyMatch(h -> h.date().equals(d)), d.toString());
        });
        assertEquals(Optional.of("Hurricane Sandy"), calendar.holidayName(LocalDate.of(2012, 10, 30)));
        assertTrue(calendar.isTradingDay(LocalDate.of(2012, 10, 31)));
    }

    private static int monToThu(LocalDate date) {
        return date.getDayOfWeek().getValue() <= DayOfWeek.THURSDAY.getValue() ? 1 : 0;
    }

    private void assertEarly(LocalDate date) {
        assertTrue(calendar.session(date).orElseThrow().earlyClose(), date + " should close at 13:00");
    }

    private void assertFull(LocalDate date) {
        assertFalse(calendar.session(date).orElseThrow().earlyClose(), date + " should be a full session");
    }
}
